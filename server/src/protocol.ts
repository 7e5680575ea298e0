// The custom requests between the extension and the language server, declared
// once and imported by both sides.
import { RequestType, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import type { ConnectionListing } from './capture/connections';
import type { DiagramChunk, DiagramElement, DiagramOutline, LabelNotation, LineRange } from './language/mermaid';
import type { StateDiagramEdge } from './language/stateDiagram';
import type { StepView } from './language/stepping';

export type { DiagramChunk, DiagramElement, DiagramOutline, LabelNotation, LineRange, StateDiagramEdge, StepView };

export interface DiagramOptions {
  /** Show inferred seq/ack values on arrows (marked as inferred). */
  readonly inferred?: boolean;
  /** Prefix arrows with their timestamps. */
  readonly timestamps?: boolean;
  /** Arrow labels as written (article), resolved (explicit), or in the file's own notation (auto, the default). */
  readonly labels?: LabelNotation;
  /** Segments per chunk for incremental rendering; 0 for one diagram. */
  readonly chunkSize?: number;
  /** A part of the flow: the statements that start on these lines (1-based, inclusive); absent: the whole flow. */
  readonly lines?: LineRange;
}

export interface DiagramParams {
  readonly uri: string;
  readonly options?: DiagramOptions;
}

export interface DiagramResult {
  /** The document version the diagram was made from. */
  readonly version: number;
  readonly title?: string;
  /** The whole diagram as Mermaid text (export, small flows). */
  readonly mermaid: string;
  /** The same diagram cut into standalone diagrams with the same participants. */
  readonly chunks: readonly string[];
  readonly elements: readonly DiagramElement[];
  /** Syntax errors: the preview keeps the last good diagram and shows these. */
  readonly syntaxErrors: readonly { readonly line: number; readonly message: string }[];
}

export const DiagramRequest = new RequestType<DiagramParams, DiagramResult | null, void>('tcpflow/diagram');

export interface DiagramOutlineResult extends DiagramOutline {
  readonly version: number;
  readonly syntaxErrors: DiagramResult['syntaxErrors'];
}

/** Where the diagram's chunks and errors are, without the texts: the preview asks for the chunks it shows (DiagramChunksRequest). */
export const DiagramOutlineRequest = new RequestType<DiagramParams, DiagramOutlineResult | null, void>('tcpflow/diagramOutline');

export interface DiagramChunksParams extends DiagramParams {
  /** The document version of the outline: another version answers null. */
  readonly version: number;
  readonly chunks: readonly number[];
}

export interface DiagramChunksResult {
  readonly version: number;
  /** The chunks asked for that exist, each with its text and elements. */
  readonly chunks: readonly DiagramChunk[];
}

/** Some chunks of an outline's diagram (chunkSize of the options), drawn on request. */
export const DiagramChunksRequest = new RequestType<DiagramChunksParams, DiagramChunksResult | null, void>('tcpflow/diagramChunks');

export interface StatesAtParams {
  readonly uri: string;
  /** 0-based line. */
  readonly line: number;
}

export interface StatesAtResult {
  readonly endpoints: readonly { readonly name: string; readonly state: string }[];
}

/** Both endpoints' states after the statement on (or last before) a line: the status bar. */
export const StatesAtRequest = new RequestType<StatesAtParams, StatesAtResult | null, void>('tcpflow/statesAt');

export type TextExportFormat = 'md' | 'mmd';

export interface ExportTextParams {
  readonly uri: string;
  readonly format: TextExportFormat;
  readonly options?: DiagramOptions;
}

/**
 * Markdown (title, mermaid fence, timeline table, diagnostics) or Mermaid text
 * of a document, or of a part of it; a part with nothing to draw is an error
 * response (InvalidParams) saying so.
 */
export const ExportTextRequest = new RequestType<ExportTextParams, string | null, void>('tcpflow/exportText');

export type { ConnectionListing };

export interface ImportCaptureParams extends WorkDoneProgressParams {
  /** The capture file, as a `file:` URI. */
  readonly uri: string;
  /** The connection to convert (its stream index); without it, the capture must hold a single one. */
  readonly stream?: number;
}

export interface ImportCaptureResult {
  /** The capture's connections; all of them when `flow` is absent (one must be chosen), else the one converted. */
  readonly connections: readonly ConnectionListing[];
  /** The connection as a .tcpflow text. */
  readonly flow?: string;
}

/**
 * One TCP connection of a pcap/pcapng capture as .tcpflow text, read and
 * converted by the server with work-done progress; cancellable. A capture
 * that cannot be read is an error response with the reason as its message.
 */
export const ImportCaptureRequest = new RequestType<ImportCaptureParams, ImportCaptureResult, void>('tcpflow/importCapture');

export interface SteppingParams {
  readonly uri: string;
}

export interface SteppingResult {
  readonly version: number;
  /** The initial states (step 0), then one entry per step: both TCBs, what changed and why. */
  readonly steps: readonly StepView[];
}

/** The timeline as the TCB panel steps through it. */
export const SteppingRequest = new RequestType<SteppingParams, SteppingResult | null, void>('tcpflow/stepping');

export interface StateDiagramParams {
  readonly uri: string;
  /** Draw the paths up to this step (0: the initial states only); absent: the whole flow. */
  readonly step?: number;
}

export interface StateDiagramResult {
  readonly version: number;
  readonly mermaid: string;
  readonly edges: readonly StateDiagramEdge[];
}

/** The RFC 9293 state diagram with each endpoint's path up to a step: the preview's state view. */
export const StateDiagramRequest = new RequestType<StateDiagramParams, StateDiagramResult | null, void>('tcpflow/stateDiagram');
