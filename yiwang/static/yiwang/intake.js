// The hotline intake page: the category's own questions, the communities of the chosen
// street, and the caller's earlier orders looked up by phone (POSTed: a number never goes
// into an address or an access log).
(function () {
  "use strict";
  var form = document.getElementById("intake");
  if (!form) { return; }

  function json(id) { return JSON.parse(document.getElementById(id).textContent); }

  // The chosen category's own questions (its form fields), as Open311 clients are asked them.
  var forms = json("category-forms"), answers = json("category-answers"),
      category = form.querySelector("select[name=category]"), box = document.getElementById("category-form"),
      fields = document.getElementById("category-fields");

  function input(f) {
    var name = "attribute[" + f.key + "]", given = answers[f.key], el, kind = f.datatype || "string";
    if (kind === "singlevaluelist") {
      el = document.createElement("select");
      el.appendChild(new Option("—", ""));
      (f.values || []).forEach(function (v) { el.appendChild(new Option(v.name, v.key, false, given === String(v.key))); });
    } else if (kind === "multivaluelist") {
      el = document.createElement("span");
      var chosen = [].concat(given || []);
      (f.values || []).forEach(function (v) {
        var label = document.createElement("label"), check = document.createElement("input");
        check.type = "checkbox"; check.name = name + "[]"; check.value = v.key;
        check.checked = chosen.indexOf(String(v.key)) >= 0;
        label.className = "inline"; label.appendChild(check); label.appendChild(document.createTextNode(" " + v.name));
        el.appendChild(label);
      });
      return el;
    } else if (kind === "text") {
      el = document.createElement("textarea"); el.rows = 2;
    } else {
      el = document.createElement("input");
      el.type = kind === "number" ? "number" : "text";
      if (kind === "number") { el.step = "any"; }
      if (kind === "datetime") { el.placeholder = "2026-11-25T09:00"; }
    }
    el.name = name;
    if (kind !== "singlevaluelist" && given !== undefined) { el.value = given; }
    return el;
  }

  function showQuestions() {
    var questions = forms[category.value] || [];
    fields.innerHTML = "";
    questions.forEach(function (f) {
      var label = document.createElement("label");
      label.appendChild(document.createTextNode(f.label + (f.required ? "（" + form.dataset.askText + "）" : "")));
      label.appendChild(input(f));
      fields.appendChild(label);
    });
    box.hidden = !questions.length;
  }
  if (category) {
    category.addEventListener("change", showQuestions);
    showQuestions();
  }

  // Offer only the communities of the chosen street.
  var streets = json("community-streets"), street = document.getElementById("id_street"),
      community = document.getElementById("id_community");
  function filterCommunities() {
    Array.prototype.forEach.call(community.options, function (option) {
      option.hidden = option.value && street.value && streets[option.value] !== street.value;
    });
    if (community.selectedOptions[0] && community.selectedOptions[0].hidden) { community.value = ""; }
  }
  street.addEventListener("change", filterCommunities);
  filterCommunities();

  // The caller's earlier orders.
  var phone = document.getElementById("id_caller_phone"), list = document.getElementById("caller-orders"),
      empty = document.getElementById("caller-empty"), last = "";
  function lookup() {
    var value = phone.value.trim();
    if (!form.dataset.callerUrl || value.length < 7 || value === last) { return; }
    last = value;
    var body = new FormData();
    body.append("phone", value);
    fetch(form.dataset.callerUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value }
    }).then(function (r) { return r.json(); }).then(function (data) {
      list.innerHTML = "";
      empty.textContent = data.orders.length ? "" : form.dataset.noneText;
      data.orders.forEach(function (o) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = "/orders/" + o.number + "/"; a.textContent = o.number; a.target = "_blank";
        li.appendChild(a);
        li.appendChild(document.createTextNode(" " + o.created_at + " " + o.title + " · " + o.status));
        list.appendChild(li);
        var name = document.getElementById("id_caller_name");
        if (name && !name.value && o.caller_name) { name.value = o.caller_name; }
      });
    });
  }
  phone.addEventListener("change", lookup);
  phone.addEventListener("blur", lookup);
}());
