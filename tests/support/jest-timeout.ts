// Integration tests talk to real servers; their own waits (waitForStatus, waitFor) carry the
// meaningful timeouts, so jest's 5 s default would only cut them short.
jest.setTimeout(180_000);
