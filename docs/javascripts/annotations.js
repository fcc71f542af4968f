// A code annotation's marker is a link whose number is drawn by CSS: give it a name
// a screen reader can say. Material adds the markers after the page loads.
function nameAnnotations() {
  for (const link of document.querySelectorAll(".md-annotation__index:not([aria-label])")) {
    const number = link.querySelector("[data-md-annotation-id]");
    link.setAttribute("aria-label", `Annotation ${number ? number.dataset.mdAnnotationId : ""}`.trim());
  }
}
new MutationObserver(nameAnnotations).observe(document.body, { childList: true, subtree: true });
nameAnnotations();
