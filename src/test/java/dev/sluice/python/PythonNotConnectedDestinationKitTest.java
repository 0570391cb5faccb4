package dev.sluice.python;

/** The python destination kit again, the outage shown by flush() returning NOT_CONNECTED: health must say so. */
class PythonNotConnectedDestinationKitTest extends PythonDestinationKitTest {
    @Override protected String outage() { return "not-connected"; }

    @Override protected String outageShowsAs() { return "disconnected: flush() returned NOT_CONNECTED"; }
}
