// loften: small helpers on top of pages that work without JavaScript.
"use strict";

// "Lägg till i utkast" without leaving the page: the same form, sent in the background.
function basketForms() {
  document.querySelectorAll("form.js-basket").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRF-Token": data.get("csrf"), "Accept": "application/json"}
      }).then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      }).then(function (result) {
        var status = document.getElementById("korg-status");
        if (status) { status.textContent = result.ok ? result.body.message : result.body.error; }
        if (result.ok) {
          var button = form.querySelector("button");
          button.textContent = "Tillagd i utkastet";
          button.disabled = true;
        }
      });
    });
  });
}

// Drag and drop onto the upload area fills the ordinary file input.
function dropzones() {
  document.querySelectorAll(".dropzone").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var list = zone.querySelector(".chosen-files");
    function show() {
      if (!list) { return; }
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var item = document.createElement("li");
        item.textContent = file.name;
        list.appendChild(item);
      });
    }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      input.files = event.dataTransfer.files;
      show();
    });
    input.addEventListener("change", show);
  });
}

document.addEventListener("DOMContentLoaded", function () {
  basketForms();
  dropzones();
});
