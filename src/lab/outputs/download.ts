/** `lab.download`: a file the program offers, shown as a link that lasts until the next run. */
import { element, type OutputKind } from './output-kind.ts';
import { safeDownloadType } from '../shared/download-types.ts';
import { outputLimits } from '../shared/output-limit.ts';
import { InvalidMessageError } from './fields.ts';
import './download.css';

export interface DownloadOutput {
  kind: 'download';
  fileName: string;
  text: string;
  mimeType: string;
}

export const downloadKind: OutputKind<DownloadOutput> = {
  read(fields) {
    const fileName = fields.label('fileName');
    // A file is not cut (that would corrupt it): a bigger one than the API allows is refused.
    const text = fields.string('text', Number.POSITIVE_INFINITY);
    if (text.length > outputLimits.downloadChars) {
      throw new InvalidMessageError(
        `output "download": "text" has ${text.length} characters, more than ${outputLimits.downloadChars}.`,
      );
    }
    return { kind: 'download', fileName, text, mimeType: fields.label('mimeType') };
  },
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
