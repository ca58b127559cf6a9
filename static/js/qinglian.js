// qinglian: behaviour that templates declare with data- attributes (no inline script, CSP).
document.addEventListener("DOMContentLoaded", () => {
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
