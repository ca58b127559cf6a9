// qinglian: behaviour that templates declare with data- attributes (no inline script, CSP).
document.addEventListener("DOMContentLoaded", () => {
  // <input type="file" data-max-bytes="…" data-too-large="…"> refuses an oversized file
  // before it is sent (the server refuses it too, unread).
  document.body.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.maxBytes) return;
    const limit = Number(input.dataset.maxBytes);
    const tooLarge = Array.from(input.files || []).some((file) => file.size > limit);
    input.setCustomValidity(tooLarge ? input.dataset.tooLarge : "");
    if (tooLarge) input.reportValidity();
  });
  document.body.addEventListener("submit", (event) => {
    for (const input of event.target.querySelectorAll("input[type=file][data-max-bytes]")) {
      if (!input.checkValidity()) {
        event.preventDefault();
        input.reportValidity();
        return;
      }
    }
  });
  // <form data-confirm="..."> asks before submitting.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // A form submitted once cannot be submitted again by a double click.
  document.body.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;
    for (const button of event.target.querySelectorAll("button[type=submit]")) {
      window.setTimeout(() => { button.disabled = true; }, 0);
    }
  });
});
