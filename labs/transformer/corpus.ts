/**
 * Loads Tiny Shakespeare for the lab: the manifest, then the text checked against its length and SHA-256
 * (lab.fetchData keeps a checked file in this browser, so the next run and offline use read it from there),
 * encoded as characters and split into training and validation text.
 */
import type { Lab } from '../api';
import {
  characterVocabulary,
  encodeText,
  parseTextManifest,
  splitTokens,
  TEXT_MANIFEST_PATH,
  textFilePath,
  type TextManifest,
  type Vocabulary,
} from '../api/text-corpus.ts';

export interface Corpus {
  manifest: TextManifest;
  vocabulary: Vocabulary;
  train: Uint16Array;
  validation: Uint16Array;
}

export async function loadCorpus(lab: Lab): Promise<Corpus> {
  const manifestBytes = await lab.fetchData(TEXT_MANIFEST_PATH, { label: 'Tiny Shakespeare: manifest' });
  const manifest = parseTextManifest(JSON.parse(new TextDecoder().decode(manifestBytes)));
  const bytes = await lab.fetchData(textFilePath(manifest), {
    label: 'Tiny Shakespeare: text',
    bytes: manifest.bytes,
    sha256: manifest.sha256,
  });
  const text = new TextDecoder().decode(bytes);
  const vocabulary = characterVocabulary(text);
  const { train, validation } = splitTokens(encodeText(text, vocabulary), manifest.trainFraction);
  return { manifest, vocabulary, train, validation };
}
