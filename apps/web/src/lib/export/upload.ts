/**
 * Posts a form to its action the way SvelteKit's `enhance` does (the action answers with a
 * serialised ActionResult), but with XMLHttpRequest: fetch cannot report how much of a
 * large upload has gone, and a 20 MB board file takes a while on a slow line.
 */
export function uploadForm(
  form: HTMLFormElement,
  onProgress: (sent: number, total: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('x-sveltekit-action', 'true');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    request.addEventListener('load', () => resolve(request.responseText));
    request.addEventListener('error', () => reject(new Error('the upload failed')));
    request.addEventListener('abort', () => reject(new Error('the upload was aborted')));
    request.send(new FormData(form));
  });
}
