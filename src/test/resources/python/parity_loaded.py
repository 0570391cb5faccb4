# Imported through loaders() in DriverRuntimeParityTest, before the driver's class is resolved.
LOADED = True
