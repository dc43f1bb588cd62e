// While a job runs, ask for its status every two seconds and show progress in the live
// region; once it has finished, reload so the download link or the reason appears.
const status = document.querySelector('[data-job-status-url]');
if (status) {
  const url = status.dataset.jobStatusUrl;
  let last = '';
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (response.ok) {
        const job = await response.json();
        if (job.finished) {
          window.location.reload();
          return;
        }
        const text = `${job.status_label}: ${job.progress}% complete${job.message ? ` (${job.message})` : ''}`;
        if (text !== last) {
          status.textContent = text;
          last = text;
        }
      }
    } catch (error) {
      // A network blip: try again on the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 1000);
}
