// The event form: "All day" hides the times; a new start time keeps the event's length (like Google Calendar).
(function () {
  const form = document.getElementById('event-form');
  if (!form) return;
  const allDay = form.querySelector('[data-all-day]');
  if (allDay) allDay.addEventListener('change', () => form.classList.toggle('all-day-on', allDay.checked));
  const start = form.querySelector('[data-start-time]'), end = form.querySelector('[data-end-time]');
  const startDate = form.querySelector('input[name=start_date]'), endDate = form.querySelector('input[name=end_date]');
  if (!start || !end) return;
  const minutes = (v) => { const [h, m] = v.split(':').map(Number); return h * 60 + m; };
  const days = (v) => Date.parse(v + 'T00:00:00Z') / 86400000;
  let lastStart = start.value, lastDate = startDate.value;
  start.addEventListener('change', () => {
    const shifted = minutes(end.value) + minutes(start.value) - minutes(lastStart);
    if (shifted >= 0 && shifted < 24 * 60 && startDate.value === endDate.value) {
      const h = String(Math.floor(shifted / 60)).padStart(2, '0'), m = String(shifted % 60).padStart(2, '0');
      end.value = h + ':' + m;
    }
    lastStart = start.value;
  });
  startDate.addEventListener('change', () => {
    if (lastDate && endDate.value && startDate.value) {
      const delta = days(endDate.value) - days(lastDate);
      if (delta >= 0) endDate.value = new Date((days(startDate.value) + delta) * 86400000).toISOString().slice(0, 10);
    }
    lastDate = startDate.value;
  });
})();
