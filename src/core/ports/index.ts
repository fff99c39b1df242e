/**
 * Ports: the small interfaces the core declares and the edges implement, one file per concern.
 * The core never creates a transport, reads the environment or looks at the wall clock itself;
 * it is handed these instead.
 */
export * from './clock.js';
export * from './extractor.js';
export * from './logger.js';
export * from './mail.js';
export * from './notifier.js';
export * from './queue.js';
export * from './store.js';
export * from './web.js';
