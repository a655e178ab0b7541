// Pickers that scale (issue 25, edugov/core/autocomplete.py): a
// <select data-autocomplete> holding only the chosen row gets a search box that asks
// the scoped endpoint for matches as the user types. The select stays in the form
// (hidden) and carries the value, so the form and its validation are unchanged. A
// <select multiple> (a programme's schools) shows its chosen rows as removable tags.
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
    const multiple = select.multiple;
    const chosen = select.options[select.selectedIndex];
    if (!multiple && chosen && chosen.value) box.value = chosen.text;
    const tags = document.createElement("div");
    tags.className = "d-flex flex-wrap gap-1 mb-1";
    const list = document.createElement("div");
    list.className = "list-group position-absolute w-100 shadow-sm";
    list.style.zIndex = "1050";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const wrap = document.createElement("div");
    wrap.className = "position-relative";
    select.parentNode.insertBefore(wrap, select);
    if (multiple) wrap.append(tags);
    wrap.append(box, list, select);
    select.hidden = true;
    // A hidden required select cannot show the browser's "please choose" and would
    // block the submit silently: the box the user sees carries the requirement.
    const required = select.required;
    select.required = false;

    // The chosen rows of a multiple choice, each with a button that removes it.
    function renderTags() {
      tags.replaceChildren();
      for (const option of Array.from(select.selectedOptions)) {
        const tag = document.createElement("span");
        tag.className = "badge text-bg-light border d-inline-flex align-items-center gap-1";
        tag.textContent = option.text;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-close-sm";
        remove.style.fontSize = "0.6em";
        remove.setAttribute("aria-label", (select.dataset.autocompleteRemove || "×") + " " + option.text);
        remove.addEventListener("click", function () {
          option.remove();
          renderTags();
          select.dispatchEvent(new Event("change", { bubbles: true }));
        });
        tag.append(remove);
        tags.append(tag);
      }
      box.required = required && !select.selectedOptions.length;
    }
    if (multiple) renderTags();
    else box.required = required;
    let timer = null;
    let sent = 0;

    function show(open) {
      list.hidden = !open;
      box.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function choose(id, text) {
      if (multiple) {
        const known = Array.from(select.options).some(function (o) { return o.value === id; });
        if (id && !known) select.add(new Option(text, id, true, true));
        box.value = "";
        renderTags();
        show(false);
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      select.replaceChildren(new Option("---------", ""));
      if (id) select.add(new Option(text, id, true, true));
      box.value = id ? text : "";
      show(false);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function note(text) {
      const row = document.createElement("div");
      row.className = "list-group-item small text-muted";
      row.textContent = text;
      list.append(row);
    }

    function render(data) {
      const results = data.results || [];
      list.replaceChildren();
      if (data.hint) note(data.hint);
      else if (!results.length) note(select.dataset.autocompleteEmpty || "");
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
      if (data.more) note(select.dataset.autocompleteMore || "");
      show(true);
    }

    // The CSRF token of a POST: the form's own, else the one every page's body carries
    // for htmx (a GET filter form has none).
    function csrfToken() {
      const field = select.form && select.form.elements.namedItem("csrfmiddlewaretoken");
      if (field && field.value) return field.value;
      try {
        return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
      } catch (e) {
        return "";
      }
    }

    function search() {
      const params = new URLSearchParams(JSON.parse(select.dataset.autocompleteParams || "{}"));
      params.set("q", box.value.trim());
      // District first: a district or school chosen in the same form narrows the search.
      for (const name of (select.dataset.autocompleteWith || "").split(" ")) {
        const field = name && select.form && select.form.elements.namedItem(name);
        if (field && field.value) params.set(name, field.value);
      }
      const url = new URL(select.dataset.autocomplete, window.location.href);
      const init = { headers: { Accept: "application/json" }, credentials: "same-origin" };
      // A picker of people is asked by POST: a typed ID number stays out of URLs and logs.
      if (select.dataset.autocompleteMethod === "post") {
        init.method = "POST";
        init.headers["X-CSRFToken"] = csrfToken();
        init.body = params;
      } else {
        url.search = params.toString();
      }
      const mine = ++sent;
      fetch(url, init)
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === sent) render(data); })
        .catch(function () { if (mine === sent) render({ results: [] }); });
    }

    box.addEventListener("input", function () {
      clearTimeout(timer);
      if (!multiple && !box.value.trim() && select.value) choose("", "");
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
