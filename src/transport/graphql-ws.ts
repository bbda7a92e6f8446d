// Until src/start-gateway.ts imports './server/graphql-ws.js' (its owner's change, issue #14); then delete this folder.
export * from '../server/graphql-ws.js';
