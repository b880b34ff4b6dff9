// Swagger UI renders its title as h1, each group of operations as h3 and the schemas' title as h4: screen
// readers expect no level skipped, so they are announced as levels 2 and 3 (their look stays).
new MutationObserver(function () {
  [["h3.opblock-tag", "2"], ["h4", "3"]].forEach(function ([selector, level]) {
    document.querySelectorAll("#swagger-ui " + selector + ":not([aria-level])").forEach(function (heading) {
      heading.setAttribute("role", "heading");
      heading.setAttribute("aria-level", level);
    });
  });
}).observe(document.getElementById("swagger-ui"), { childList: true, subtree: true });
