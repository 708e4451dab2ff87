// Pickers for long lists (categories, units): type a few characters, pinyin or pinyin
// initials; arrows move, Enter chooses (and never submits the form), Escape closes.
// The <select data-picker> stays in the form; its options carry data-search (see yiwang/search.py).
(function () {
  "use strict";

  function tokens(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function matches(option, words) {
    var hay = ((option.dataset.search || "") + " " + option.textContent).toLowerCase();
    return words.every(function (w) { return hay.indexOf(w) !== -1; });
  }

  // Options whose own name starts with what was typed (or its pinyin, or initials) come first:
  // "qs" puts 青山街道 before 区生态环境分局.
  function rank(option, words) {
    var own = (option.dataset.name || option.textContent).toLowerCase().split(" ");
    return words.every(function (w) {
      return own.some(function (k) { return k.indexOf(w) === 0; });
    }) ? 0 : 1;
  }

  // The label's own words, without the options of the select it wraps (a screen reader would read them all).
  function labelText(select) {
    var label = select.labels && select.labels[0];
    if (!label) return "";
    var words = [];
    label.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) words.push(node.textContent);
      else if (node.nodeType === Node.ELEMENT_NODE && !node.contains(select) && node.tagName !== "SELECT") words.push(node.textContent);
    });
    return words.join(" ").replace(/\s+/g, " ").trim();
  }

  function enhance(select) {
    var wrap = document.createElement("div");
    wrap.className = "picker";
    var input = document.createElement("input");
    input.type = "text";
    input.autocomplete = "off";
    input.className = "picker-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-label", select.getAttribute("aria-label") || labelText(select));
    input.placeholder = select.dataset.placeholder || "";
    var list = document.createElement("ul");
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    select.classList.add("picker-hidden");
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(select);
    var shown = [], active = -1;

    function label(option) {
      return option && option.value ? (option.dataset.label || option.textContent.trim()) : "";
    }

    function sync() {
      input.value = label(select.options[select.selectedIndex]);
    }

    function render() {
      var words = tokens(input.value === label(select.options[select.selectedIndex]) ? "" : input.value);
      list.innerHTML = "";
      shown = [];
      var found = Array.prototype.filter.call(select.options, function (option) {
        return option.value && !option.disabled && matches(option, words);
      });
      if (words.length) {
        found = found.map(function (o, i) { return [rank(o, words), i, o]; })
          .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).map(function (x) { return x[2]; });
      }
      found.forEach(function (option) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.textContent = option.textContent;
        li.dataset.value = option.value;
        if (option.parentNode.tagName === "OPTGROUP") { li.title = option.parentNode.label; }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(option); });
        list.appendChild(li);
        shown.push({ option: option, li: li });
      });
      active = shown.length ? 0 : -1;
      highlight();
      list.hidden = false;
    }

    function highlight() {
      shown.forEach(function (s, i) { s.li.classList.toggle("active", i === active); });
      if (active >= 0) { shown[active].li.scrollIntoView({ block: "nearest" }); }
    }

    function choose(option) {
      select.value = option.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      sync();
      list.hidden = true;
    }

    input.addEventListener("focus", render);
    input.addEventListener("input", render);
    input.addEventListener("blur", function () { list.hidden = true; sync(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (list.hidden) { render(); return; }
        if (shown.length) {
          active = (active + (e.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
          highlight();
        }
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (!list.hidden && active >= 0) { choose(shown[active].option); }
      } else if (e.key === "Escape") {
        list.hidden = true;
        sync();
      }
    });
    select.addEventListener("change", sync);
    sync();
  }

  // A check-box list with a filter box above it (co-handling units, bulk choices).
  function filterable(box) {
    var input = box.querySelector("input[data-filter]");
    if (!input) { return; }
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
    input.addEventListener("input", function () {
      var words = tokens(input.value);
      box.querySelectorAll("label[data-search]").forEach(function (l) {
        l.hidden = !words.every(function (w) { return l.dataset.search.indexOf(w) !== -1; });
      });
    });
  }

  // Forms marked data-no-enter-submit are submitted by their button only: Enter in a text
  // field moves on instead of filing a half-typed order.
  function noEnterSubmit(form) {
    form.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key === "Enter" && t.tagName === "INPUT" && !/^(submit|button|checkbox|radio)$/.test(t.type)) {
        e.preventDefault();
      }
    });
  }

  // Buttons that print the page (work-order and notice prints).
  function printButton(button) {
    button.addEventListener("click", function () { window.print(); });
  }

  // A suggestion's "use" button fills the dispatch form's unit and category; the best
  // suggestion fills them when the page opens, as long as nobody chose yet.
  function fill(button, onlyEmpty) {
    ["lead_unit", "category"].forEach(function (name) {
      var value = button.dataset[name];
      document.querySelectorAll("details[data-action$='dispatch'] select[name='" + name + "']").forEach(function (s) {
        if (value && !(onlyEmpty && s.value)) {
          s.value = value;
          s.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
  }

  // After a refused action (someone changed the order meanwhile, a missing field), the page
  // comes back with what was typed, so nothing has to be typed again.
  function restore() {
    var data = document.getElementById("kept-action");
    if (!data) { return; }
    var kept = JSON.parse(data.textContent);
    var box = document.querySelector("details[data-action='" + kept.code + "']");
    if (!box) { return; }
    box.open = true;
    Object.keys(kept.values).forEach(function (name) {
      var values = kept.values[name];
      box.querySelectorAll("[name='" + name + "']").forEach(function (field) {
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = values.indexOf(field.value) !== -1;
        } else if (field.multiple) {
          Array.prototype.forEach.call(field.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
        } else {
          field.value = values[0];
        }
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  // A section marked data-refresh reloads itself every N seconds (an import in progress).
  function refresh(el) {
    window.setTimeout(function () { window.location.reload(); }, 1000 * Number(el.dataset.refresh));
  }

  // Forms marked data-confirm ask before they post (undo an import).
  function confirmed(form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.dataset.confirm)) { e.preventDefault(); }
    });
  }

  // 显示 (show) buttons: the full number from the audited reveal endpoint, in place of the mask.
  function reveal(button) {
    button.addEventListener("click", function () {
      var token = document.querySelector("[name=csrfmiddlewaretoken]");
      fetch(button.dataset.revealUrl, {method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": token ? token.value : ""}})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.value !== undefined) {
            document.querySelector('[data-field="' + button.dataset.reveal + '"]').textContent = data.value;
            button.remove();
          } else {
            window.alert(data.message);
          }
        });
    });
  }

  function init(root) {
    restore();
    root.querySelectorAll("[data-reveal-url]").forEach(reveal);
    root.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
    });
    root.querySelectorAll("[data-select-all]").forEach(function (el) {
      el.addEventListener("click", function () { el.select(); });
    });
    root.querySelectorAll("[data-refresh]").forEach(refresh);
    root.querySelectorAll("form[data-confirm]").forEach(confirmed);
    root.querySelectorAll("[data-fill]").forEach(function (b) {
      b.addEventListener("click", function () { fill(b, false); });
    });
    root.querySelectorAll("[data-fill-first]").forEach(function (b) { fill(b, true); });
    root.querySelectorAll("select[data-picker]").forEach(enhance);
    root.querySelectorAll(".checklist").forEach(filterable);
    root.querySelectorAll("form[data-no-enter-submit]").forEach(noEnterSubmit);
    root.querySelectorAll("[data-print]").forEach(printButton);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
}());
