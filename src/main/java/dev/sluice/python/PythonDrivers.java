package dev.sluice.python;

import dev.sluice.config.ConfigException;
import dev.sluice.driver.DriverSpec;
import org.graalvm.polyglot.PolyglotException;

/** Validation shared by the Python driver factories: the class must resolve before anything starts. */
final class PythonDrivers {
    private PythonDrivers() {}

    /** The driver instance's interpreter once the class (and its loaders) resolved; null after recording the error. */
    static PythonContext resolve(PythonHost host, DriverSpec spec, PythonDriverConfig config) {
        if (config.className() == null) return null;
        PythonContext py;
        try {
            py = host.context(spec.instanceId());
        } catch (ConfigException e) {
            spec.error(null, e.errors().get(0).message());
            return null;
        }
        try {
            for (String m : config.loaders()) py.resolve.execute(m + ".__name__");
            String candidate = host.dryRunInlineCode();
            if (candidate != null && !config.className().contains(".")) {
                // A dry run checks the inline code it would load, not the running one.
                if (!py.defines.execute(candidate, config.className()).asBoolean()) {
                    spec.error("class", "cannot resolve Python class '" + config.className()
                            + "': name '" + config.className() + "' is not defined in sluice.python.code");
                    return null;
                }
                return py;
            }
            py.resolve.execute(config.className());
        } catch (PolyglotException e) {
            spec.error("class", "cannot resolve Python class '" + config.className() + "': " + e.getMessage());
            return null;
        }
        try {
            py.checkClass.execute(config.kind(), config.className());
        } catch (PolyglotException e) {
            spec.error("class", e.getMessage().replaceFirst("^TypeError: ", ""));
            return null;
        }
        return py;
    }
}
