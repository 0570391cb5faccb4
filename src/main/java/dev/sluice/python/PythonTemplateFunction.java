package dev.sluice.python;

import dev.sluice.template.Template;
import dev.sluice.template.TemplateCompiler;
import dev.sluice.template.TemplateException;
import dev.sluice.template.TemplateFunction;
import org.graalvm.polyglot.PolyglotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code $(python callable args…)}: calls {@code callable(msg, *args)} with a read-only message
 * and the arguments rendered, as bytes, in the interpreter of the driver instance whose template
 * it is. Errors render {@code <error>} and are logged once per burst.
 */
public final class PythonTemplateFunction implements TemplateFunction {
    private static final Logger log = LoggerFactory.getLogger(PythonTemplateFunction.class);
    private final PythonHost host;

    public PythonTemplateFunction(PythonHost host) { this.host = host; }

    @Override
    public String name() { return "python"; }

    @Override
    public Call prepare(List<String> args, TemplateCompiler compiler) {
        if (args.isEmpty()) return (m, o, out) -> { };
        if (compiler.scope() == null) throw new TemplateException("$(python) can only be used in a pipeline's driver");
        String function = args.get(0);
        List<Template> rest = new ArrayList<>();
        for (String a : args.subList(1, args.size())) rest.add(compiler.compile(a));
        PythonContext py = host.context(compiler.scope());
        long[] lastLog = {0};
        return (m, o, out) -> {
            Object[] rendered = null; // none: the common case calls f(msg) without unpacking arguments
            if (!rest.isEmpty()) {
                rendered = new Object[rest.size()];
                for (int i = 0; i < rendered.length; i++) rendered[i] = rest.get(i).render(m, o);
            }
            try {
                out.append(py.template.execute(function, m, rendered).asString());
            } catch (PolyglotException e) {
                out.append("<error>");
                long now = System.nanoTime();
                if (now - lastLog[0] > 10_000_000_000L) {
                    lastLog[0] = now;
                    log.error("$(python): Error invoking Python function; function='{}': {}", function, PythonHost.describe(e));
                }
            }
        };
    }
}
