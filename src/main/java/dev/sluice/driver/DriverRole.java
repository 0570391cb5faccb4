package dev.sluice.driver;

/** Where a driver sits in a pipeline. */
public enum DriverRole {
    SOURCE, PARSER, DESTINATION;

    public String key() { return name().toLowerCase() + "s"; }
}
