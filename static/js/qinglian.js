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

// <textarea data-char-count="ID"> keeps <span id="ID" data-min data-max> showing
// its length without white space, the way the campaign's bounds count it.
document.addEventListener("DOMContentLoaded", () => {
  for (const area of document.querySelectorAll("textarea[data-char-count]")) {
    const counter = document.getElementById(area.dataset.charCount);
    if (!counter) continue;
    const update = () => {
      const length = Array.from(area.value.replace(/\s/g, "")).length;
      counter.textContent = String(length);
      const low = Number(counter.dataset.min), high = Number(counter.dataset.max);
      counter.classList.toggle("text-danger", length < low || length > high);
      counter.classList.toggle("text-success", length >= low && length <= high);
    };
    area.addEventListener("input", update);
    update();
  }
});

// <input type="checkbox" data-select-all="NAME"> ticks or clears every checkbox named NAME
// (a list's "select all"); on the document, so it holds after htmx swaps the list.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) return;
  const name = CSS.escape(box.dataset.selectAll);
  for (const other of document.querySelectorAll(`input[type=checkbox][name="${name}"]`)) {
    if (!other.disabled) other.checked = box.checked;
  }
});

// <button data-print> prints the page (static/css/print.css says what goes on paper).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element && event.target.closest("[data-print]");
  if (button) window.print();
});
