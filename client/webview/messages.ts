// The messages between the extension and the preview webview, declared once
// for both sides. The webview never reads files or talks to the server: it gets
// the diagram, the cursor line and export jobs, and answers with clicks,
// render reports and exported images.
import type { DiagramChunksResult, DiagramOutlineResult, DiagramResult, StateDiagramResult, SteppingResult } from '../../server/src/protocol';

/** Statements per chunk that the preview asks the server for: redrawing the chunks on screen after an edit stays within a few frames. */
export const PREVIEW_CHUNK_SIZE = 12;

export type ExportTheme = 'light' | 'dark';
export type ImageFormat = 'svg' | 'png';

export type ToWebview =
  /** Which document the panel shows, and whether it is locked to it: kept in the webview's state for restoring. */
  | { readonly type: 'document'; readonly uri: string; readonly locked: boolean }
  | { readonly type: 'diagram'; readonly result: DiagramResult }
  /** A diagram without its chunks' texts: the preview asks for those it shows ('chunks'). */
  | { readonly type: 'outline'; readonly result: DiagramOutlineResult }
  /** Chunks of an outline's diagram, asked for by the preview. */
  | { readonly type: 'chunks'; readonly result: DiagramChunksResult }
  /** The editor's cursor line (0-based): the arrows and notes of that line are highlighted. */
  | { readonly type: 'highlight'; readonly line: number }
  | { readonly type: 'export'; readonly id: number; readonly format: ImageFormat; readonly theme: ExportTheme; readonly mermaid: string }
  /** The document could not be shown (closed, deleted, server not running). */
  | { readonly type: 'unavailable'; readonly message: string }
  /** Both TCBs at every step, for stepping (sent while the state view or stepping is on). */
  | { readonly type: 'stepping'; readonly result: SteppingResult }
  /** The state diagram with the paths up to `step` (absent: the whole flow). */
  | { readonly type: 'stateDiagram'; readonly step?: number; readonly result: StateDiagramResult };

/** The preview's two views of a flow. */
export type PreviewView = 'sequence' | 'states';

export type FromWebview =
  | { readonly type: 'ready' }
  /** A click on an arrow or a note, or on a problem in the banner: reveal that line (0-based). */
  | { readonly type: 'reveal'; readonly line: number }
  /** A diagram version is on screen (or could not be drawn: `error`). */
  /** The preview needs these chunks of an outline's version. */
  | { readonly type: 'chunks'; readonly version: number; readonly chunks: readonly number[] }
  | { readonly type: 'rendered'; readonly version: number; readonly ms: number; readonly chunks: number; readonly error?: string }
  /** An export job's result: SVG text, or PNG bytes in base64. */
  | { readonly type: 'exported'; readonly id: number; readonly data?: string; readonly error?: string }
  /** The view shown and whether stepping is on: the panel sends what they need. */
  | { readonly type: 'view'; readonly view: PreviewView; readonly stepping: boolean }
  /** The step shown changed: the state view is redrawn for it; stepped by the user (`byUser`), the editor's cursor follows to its line (0-based). */
  | { readonly type: 'step'; readonly step: number; readonly line: number; readonly byUser: boolean };

/** What the webview keeps across reloads (vscode.setState) and what the panel serializer restores. */
export interface PreviewState {
  readonly uri: string;
  readonly locked: boolean;
  readonly zoom?: number;
  readonly scrollTop?: number;
  readonly scrollLeft?: number;
  readonly view?: PreviewView;
  readonly stepping?: boolean;
}
