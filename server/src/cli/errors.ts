// The one error a command reports as a plain line (exit 2): bad usage, or an
// input that cannot be read. Anything else is a defect in tcpflow.
export class InputError extends Error {}
