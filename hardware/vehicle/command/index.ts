/** The command microservice: send MAV_CMDs to one vehicle and get its answer as a promise. */
export { CommandSender } from './command-sender.js';
export type { CommandSenderOptions, SendOptions } from './command-sender.js';
export { CommandError } from './command-error.js';
export type { CommandErrorCode } from './command-error.js';
export { COMMAND_DEFAULTS, requestProblem } from './command-request.js';
export type { CommandIntPosition, CommandRequest, CommandTiming } from './command-request.js';
export type { CommandOutcome, CommandStep } from './command-transaction.js';
export { commandName, resultName } from './command-names.js';
