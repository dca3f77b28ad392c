// SOP studio: move steps up and down without a round trip. Without JavaScript the "Urutan"
// numbers do the same on save.
(function () {
  "use strict";
  var list = document.querySelector("[data-reorder]");
  if (!list) return;

  function renumber() {
    var steps = list.querySelectorAll(".step");
    steps.forEach(function (step, index) {
      var order = step.querySelector("input[name$='-ORDER']");
      if (order && !order.hasAttribute("data-blank")) order.value = index + 1;
    });
  }

  function button(label, text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary move";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  list.querySelectorAll("input[name$='-ORDER']").forEach(function (order) {
    if (!order.value) order.setAttribute("data-blank", "");  // an empty row stays empty
  });
  list.querySelectorAll(".step").forEach(function (step) {
    var bar = document.createElement("div");
    var name = step.querySelector("legend").textContent;
    bar.appendChild(button(name + " naik", "▲ Naik", function () {
      var before = step.previousElementSibling;
      if (before) { list.insertBefore(step, before); renumber(); step.scrollIntoView({block: "nearest"}); }
    }));
    bar.appendChild(button(name + " turun", "▼ Turun", function () {
      var after = step.nextElementSibling;
      if (after) { list.insertBefore(after, step); renumber(); step.scrollIntoView({block: "nearest"}); }
    }));
    step.insertBefore(bar, step.querySelector("legend").nextSibling);
  });
})();
