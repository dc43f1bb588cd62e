// Conditional reveals on radios: GOV.UK Frontend's markup and styles, with the fields for
// the chosen option shown and the others hidden. GOV.UK Frontend's own script also sets
// aria-expanded on each radio, which ARIA does not allow there (axe reports it as a critical
// fault), so this one sets only aria-controls. The revealed fields follow their radio, so a
// screen reader reaches them next. Without JavaScript every option's fields stay visible.
for (const group of document.querySelectorAll('[data-app-conditional-radios]')) {
  const inputs = [...group.querySelectorAll('input[type="radio"][data-aria-controls]')];
  const sync = () => {
    for (const input of inputs) {
      const panel = document.getElementById(input.getAttribute('aria-controls'));
      if (panel) panel.classList.toggle('govuk-radios__conditional--hidden', !input.checked);
    }
  };
  for (const input of inputs) {
    input.setAttribute('aria-controls', input.dataset.ariaControls);
    input.removeAttribute('data-aria-controls');
    input.addEventListener('change', sync);
  }
  sync();
}
