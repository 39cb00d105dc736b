/** `lab.download`: a file the program offers, shown as a link that lasts until the next run. */
import { element, type OutputKind } from './output-kind.ts';
import { safeDownloadType } from '../download-types.ts';
import './download.css';

export interface DownloadOutput {
  kind: 'download';
  fileName: string;
  text: string;
  mimeType: string;
}

export const downloadKind: OutputKind<DownloadOutput> = {
  read: (fields) => ({
    kind: 'download',
    fileName: fields.string('fileName'),
    text: fields.string('text'),
    mimeType: fields.string('mimeType'),
  }),
  render(output, view) {
    // Checked here too: a program can post a download message of its own.
    const url = URL.createObjectURL(new Blob([output.text], { type: safeDownloadType(output.mimeType).mimeType }));
    view.cleared.addEventListener('abort', () => URL.revokeObjectURL(url), { once: true });
    const link = element('a', undefined, `Download ${output.fileName}`);
    link.href = url;
    link.download = output.fileName;
    const line = element('p', 'lab-download');
    line.append(link);
    view.append(line);
  },
};
