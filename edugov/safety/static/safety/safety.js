// The safety pages: the district map's boundaries, and the phone inspection form's
// location button and draft. Loaded deferred, before the charts are drawn
// (core/app.js draws on DOMContentLoaded), so the map is registered in time.
(function () {
  var geo = document.getElementById("geo-nanchang");
  if (geo && window.echarts) {
    window.echarts.registerMap("nanchang", JSON.parse(geo.textContent));
  }

  // The record page of a saved inspection: its draft is no longer needed.
  var done = document.querySelector("[data-draft-done]");
  if (done) { try { window.localStorage.removeItem("safety-draft-" + done.dataset.draftDone); } catch (e) {} }

  var form = document.querySelector("form[data-draft]");
  if (!form) return;
  // A draft is kept in this browser while the form is filled (the connection may drop
  // in a basement or a field); the hidden key goes with it, so submitting the restored
  // draft again finds the first submission's record instead of making a second one.
  var store = "safety-draft-" + form.dataset.draft;
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.name !== "csrfmiddlewaretoken";
    });
  }
  try {
    var saved = JSON.parse(window.localStorage.getItem(store) || "null");
    if (saved) {
      fields().forEach(function (el) {
        if (!(el.name in saved)) return;
        if (el.type === "radio" || el.type === "checkbox") el.checked = saved[el.name] === el.value;
        else el.value = saved[el.name];
      });
    }
  } catch (e) { /* no storage: no draft */ }
  form.addEventListener("input", function () {
    var data = {};
    fields().forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      data[el.name] = el.value;
    });
    try { window.localStorage.setItem(store, JSON.stringify(data)); } catch (e) { /* full */ }
  });
  var locate = form.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[name=latitude]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[name=longitude]").value = pos.coords.longitude.toFixed(6);
      });
    });
  }
})();
