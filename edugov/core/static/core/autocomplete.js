// Unit pickers that scale (issue 25, edugov/org/autocomplete.py): a
// <select data-autocomplete> holding only the chosen unit gets a search box that asks
// the scoped endpoint for matches as the user types. The select stays in the form
// (hidden) and carries the value, so the form and its validation are unchanged.
(function () {
  "use strict";

  function setup(select) {
    if (select.dataset.autocompleteReady) return;
    select.dataset.autocompleteReady = "1";
    const box = document.createElement("input");
    box.type = "search";
    box.className = "form-control";
    box.autocomplete = "off";
    box.placeholder = select.dataset.autocompletePlaceholder || "";
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    // The list pages' filter labels are not bound to their field: take the one
    // beside the select.
    const label =
      (select.id && document.querySelector('label[for="' + select.id + '"]')) ||
      select.parentNode.querySelector("label");
    if (label) box.setAttribute("aria-label", label.textContent.trim());
    const chosen = select.options[select.selectedIndex];
    if (chosen && chosen.value) box.value = chosen.text;
    const list = document.createElement("div");
    list.className = "list-group position-absolute w-100 shadow-sm";
    list.style.zIndex = "1050";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const wrap = document.createElement("div");
    wrap.className = "position-relative";
    select.parentNode.insertBefore(wrap, select);
    wrap.append(box, list, select);
    select.hidden = true;
    // A hidden required select cannot show the browser's "please choose" and would
    // block the submit silently: the box the user sees carries the requirement.
    if (select.required) {
      box.required = true;
      select.required = false;
    }
    let timer = null;
    let sent = 0;

    function show(open) {
      list.hidden = !open;
      box.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function choose(id, text) {
      select.replaceChildren(new Option("---------", ""));
      if (id) select.add(new Option(text, id, true, true));
      box.value = id ? text : "";
      show(false);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(results) {
      list.replaceChildren();
      if (!results.length) {
        const none = document.createElement("div");
        none.className = "list-group-item small text-muted";
        none.textContent = select.dataset.autocompleteEmpty || "";
        list.append(none);
      }
      for (const r of results) {
        const option = document.createElement("button");
        option.type = "button";
        option.className = "list-group-item list-group-item-action small";
        option.setAttribute("role", "option");
        option.textContent = r.text;
        // mousedown, not click: the box's blur would hide the list first.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(String(r.id), r.text);
        });
        list.append(option);
      }
      show(true);
    }

    function search() {
      const url = new URL(select.dataset.autocomplete, window.location.href);
      url.searchParams.set("q", box.value.trim());
      url.searchParams.set("kind", select.dataset.autocompleteKind || "school");
      // District first: a district chosen in the same form narrows the schools.
      const district = select.form && select.form.elements.namedItem("district");
      if (district && district.value) url.searchParams.set("district", district.value);
      const mine = ++sent;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === sent) render(data.results || []); })
        .catch(function () { if (mine === sent) render([]); });
    }

    box.addEventListener("input", function () {
      clearTimeout(timer);
      if (!box.value.trim() && select.value) choose("", "");
      timer = setTimeout(search, 200);
    });
    box.addEventListener("focus", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 0);
    });
    box.addEventListener("blur", function () {
      setTimeout(function () { show(false); }, 150);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") show(false);
    });
  }

  function scan(root) {
    root.querySelectorAll("select[data-autocomplete]").forEach(setup);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target); });
})();
