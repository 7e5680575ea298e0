// `--labels`, shared by the commands that draw sequence diagrams: the notation
// of the arrows' labels.
import { LABEL_NOTATIONS, type LabelNotation } from '../language/mermaid';
import { InputError } from './errors';
import { shown } from './io';

export const LABELS_HELP = `  --labels auto|article|explicit
                        arrow labels as written (article: SYN(ISN_Client),
                        ACK(FIN + 1)), or flags and resolved numbers (explicit:
                        SYN seq=ISN_Client); auto (default): as written when the
                        file uses a flag call anywhere`;

/** The `--labels` value; absent: auto. */
export function parseLabels(text: string | undefined): LabelNotation {
  const labels = LABEL_NOTATIONS.find((n) => n === (text ?? 'auto'));
  if (!labels) throw new InputError(`--labels must be auto, article or explicit, not '${shown(text ?? '')}'`);
  return labels;
}
