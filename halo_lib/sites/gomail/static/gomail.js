// Gomail's page behaviour (no framework, nothing from the network): row selection and the bulk toolbar,
// menus and dialogs, the compose window with contact suggestions, and address checks before sending.
(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

  // ---- selection and the bulk toolbar ----
  const bulk = $('#bulk');
  if (bulk) {
    const boxes = $$('input[name=ids]', bulk);
    const all = $('#select-all');
    const scope = $('input[name=scope]', bulk);
    const banner = $('.select-banner', bulk);
    const total = Number(bulk.dataset.total || 0);
    const everything = $('[data-select-everything]', bulk);
    const clear = $('[data-clear-selection]', bulk);
    const sync = () => {
      const n = boxes.filter(b => b.checked).length;
      $('.bulk-actions', bulk).hidden = n === 0;
      $('.idle-actions', bulk).hidden = n > 0;
      all.checked = n > 0 && n === boxes.length;
      all.indeterminate = n > 0 && n < boxes.length;
      boxes.forEach(b => b.closest('tr').classList.toggle('selected', b.checked));
      const full = n === boxes.length && n > 0 && total > boxes.length;
      banner.hidden = !full;
      if (!full) showEverything(false);
    };
    const showEverything = (on) => {
      scope.value = on ? 'all' : '';
      $('.banner-page', banner).hidden = on;
      everything.hidden = on;
      $('.banner-all', banner).hidden = !on;
      clear.hidden = !on;
    };
    all.addEventListener('change', () => { boxes.forEach(b => { b.checked = all.checked; }); sync(); });
    boxes.forEach(b => b.addEventListener('change', sync));
    everything.addEventListener('click', () => showEverything(true));
    clear.addEventListener('click', () => { boxes.forEach(b => { b.checked = false; }); sync(); });
    sync();
  }

  // ---- menus and dialogs ----
  const closeMenus = (except) => $$('[role=menu]').forEach(m => {
    if (m === except) return;
    m.hidden = true;
    const opener = $(`[data-menu="${m.id}"]`);
    if (opener) opener.setAttribute('aria-expanded', 'false');
  });
  document.addEventListener('click', (event) => {
    const opener = event.target.closest('[data-menu]');
    if (opener) {
      const menu = document.getElementById(opener.dataset.menu);
      closeMenus(menu);
      menu.hidden = !menu.hidden;
      opener.setAttribute('aria-expanded', String(!menu.hidden));
      return;
    }
    const dialogOpener = event.target.closest('[data-dialog]');
    if (dialogOpener) {
      closeMenus();
      const dialog = document.getElementById(dialogOpener.dataset.dialog);
      if (dialog && !dialog.open) dialog.showModal();
      return;
    }
    const closer = event.target.closest('[data-close-dialog]');
    if (closer) { closer.closest('dialog').close(); return; }
    if (!event.target.closest('[role=menu]')) closeMenus();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeMenus();
    // Enter in a dialog's field presses that dialog's main button (never another toolbar action of the form).
    const dialog = event.target.closest && event.target.closest('dialog');
    const main = dialog && $('[data-default]', dialog);
    if (event.key === 'Enter' && main && event.target.tagName === 'INPUT') { event.preventDefault(); main.click(); }
  });

  // ---- compose ----
  const compose = (id) => document.getElementById(id);
  $$('[data-open-compose]').forEach(button => button.addEventListener('click', () => {
    const box = compose(button.dataset.openCompose);
    $$('section.compose.inline').forEach(other => { if (other !== box) other.hidden = true; });
    box.hidden = false;
    const first = $$('input[name=to], textarea', box).find(el => !el.value) || $('textarea', box);
    first.focus();
  }));
  $$('[data-close-compose]').forEach(button => button.addEventListener('click', () => {
    const box = compose(button.dataset.closeCompose);
    const form = $('form', box);
    const typed = $$('input[type=text], textarea', form).some(el => el.value.trim());
    if (typed) form.requestSubmit($('button[value=draft]', form)); else box.hidden = true;
  }));
  $$('[data-show]').forEach(button => button.addEventListener('click', () => {
    const field = $(`[data-field="${button.dataset.show}"]`, button.closest('form'));
    field.hidden = false;
    $('input', field).focus();
  }));

  // Contact suggestions: the word being typed (after the last comma) against names and addresses.
  const contacts = JSON.parse(($('#contacts-data') || {}).textContent || '[]');
  const currentToken = (value) => value.split(/[,;]/).pop().trim().toLowerCase();
  const matches = (token) => !token ? [] : contacts.filter(c => {
    const name = c.name.toLowerCase();
    return name.startsWith(token) || c.email.startsWith(token) || name.split(' ').some(w => w.startsWith(token));
  }).slice(0, 6);
  $$('input[data-contacts]').forEach(input => {
    const list = document.getElementById(input.getAttribute('aria-controls'));
    let active = -1;
    const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; };
    const choose = (contact) => {
      const parts = input.value.split(/[,;]/);
      parts.pop();
      const kept = parts.map(p => p.trim()).filter(Boolean);
      input.value = [...kept, `${contact.name} <${contact.email}>`].join(', ') + ', ';
      close();
      input.focus();
    };
    const render = () => {
      const found = matches(currentToken(input.value));
      list.innerHTML = '';
      found.forEach((contact, i) => {
        const option = document.createElement('li');
        option.setAttribute('role', 'option');
        option.id = `${list.id}-${i}`;
        option.setAttribute('aria-selected', 'false');
        option.append(contact.name + ' ');
        const addr = document.createElement('span');
        addr.className = 'addr';
        addr.textContent = `<${contact.email}>`;
        option.append(addr);
        option.addEventListener('mousedown', (event) => { event.preventDefault(); choose(contact); });
        list.append(option);
      });
      list.hidden = found.length === 0;
      input.setAttribute('aria-expanded', String(found.length > 0));
      active = -1;
      return found;
    };
    input.addEventListener('input', render);
    input.addEventListener('keydown', (event) => {
      const options = $$('[role=option]', list);
      if (list.hidden || !options.length) return;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        active = (active + (event.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length;
        options.forEach((o, i) => o.setAttribute('aria-selected', String(i === active)));
        input.setAttribute('aria-activedescendant', options[active].id);
      } else if (event.key === 'Enter' || event.key === 'Tab') {
        const found = matches(currentToken(input.value));
        if (found.length) { event.preventDefault(); choose(found[Math.max(active, 0)]); }
      } else if (event.key === 'Escape') {
        close();
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
  });

  // Gmail's checks before sending: every address well formed, at least one recipient.
  const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[A-Za-z]{2,}$/;
  const problem = (form) => {
    let count = 0;
    for (const [field, label] of [['to', 'To'], ['cc', 'Cc'], ['bcc', 'Bcc']]) {
      for (let token of (form.elements[field].value || '').split(/[,;]/)) {
        token = token.trim();
        if (!token) continue;
        const bracket = token.match(/<([^<>]*)>\s*$/);
        const address = (bracket ? bracket[1] : token).trim();
        if (!ADDRESS.test(address)) {
          return `The address "${token}" in the "${label}" field was not recognized. Please make sure that all addresses are properly formed.`;
        }
        count += 1;
      }
    }
    return count ? '' : 'Please specify at least one recipient.';
  };
  // Enter in To/Cc/Bcc/Subject never sends (the suggestion handler above picks a contact first).
  $$('form.compose-form input').forEach(input => input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.preventDefault();
  }));
  $$('form.compose-form').forEach(form => form.addEventListener('submit', (event) => {
    if (!event.submitter || event.submitter.value !== 'send') return;
    const text = problem(form);
    if (text) {
      event.preventDefault();
      $('#error-dialog-text').textContent = text;
      $('#error-dialog').showModal();
    }
  }));
})();
