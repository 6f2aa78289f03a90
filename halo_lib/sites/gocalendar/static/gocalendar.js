// The event form: "All day" hides the times; a new start time keeps the event's length, and a new start date
// moves an end date that was the same day (like Google Calendar).
(function () {
  const form = document.getElementById('event-form');
  if (!form) return;
  const allDay = form.querySelector('[data-all-day]');
  if (allDay) allDay.addEventListener('change', () => form.classList.toggle('all-day-on', allDay.checked));
  const start = form.querySelector('[data-start-time]'), end = form.querySelector('[data-end-time]');
  const startDate = form.querySelector('input[name=start_date]'), endDate = form.querySelector('input[name=end_date]');
  if (!start || !end || !endDate) return;
  const minutes = (v) => { const [h, m] = v.split(':').map(Number); return h * 60 + m; };
  let lastStart = start.value, lastDate = startDate.value;
  start.addEventListener('change', () => {
    const shifted = minutes(end.value) + minutes(start.value) - minutes(lastStart);
    if (shifted >= 0 && shifted < 24 * 60 && startDate.value === endDate.value) {
      end.value = String(Math.floor(shifted / 60)).padStart(2, '0') + ':' + String(shifted % 60).padStart(2, '0');
    }
    lastStart = start.value;
  });
  startDate.addEventListener('input', () => {
    if (endDate.value === lastDate) endDate.value = startDate.value;
    lastDate = startDate.value;
  });
})();
