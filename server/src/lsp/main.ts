import { startServer } from "./server";

/** Entry point of the bundled server (dist/server.js). */
startServer();
