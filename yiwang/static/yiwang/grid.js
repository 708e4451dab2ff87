// The grid inspector's location button: the phone's position into the report, shown as a place
// found, not as raw numbers.
(function () {
  "use strict";
  var button = document.getElementById("locate");
  if (!button) { return; }
  button.addEventListener("click", function () {
    var where = document.getElementById("where");
    if (!navigator.geolocation) { where.textContent = button.dataset.noGeo; return; }
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("lat").value = p.coords.latitude.toFixed(6);
      document.getElementById("lng").value = p.coords.longitude.toFixed(6);
      where.textContent = button.dataset.found + " (±" + Math.round(p.coords.accuracy || 0) + " m)";
      button.classList.add("done");
    }, function () { where.textContent = button.dataset.failed; });
  });
}());
