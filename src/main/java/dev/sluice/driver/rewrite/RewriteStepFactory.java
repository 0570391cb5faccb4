package dev.sluice.driver.rewrite;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Parser;
import dev.sluice.filter.Filter;
import dev.sluice.filter.FilterException;
import dev.sluice.filter.Pcre;
import dev.sluice.template.Fields;
import dev.sluice.template.Macros;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code type: rewrite} step: {@code rules: [ … ]} applied in order (or one rule written in the step
 * itself), each one of
 * <pre>
 * {set: TEMPLATE, value: NAME}                         (value: MESSAGE when omitted)
 * {unset: NAME} or {unset: [NAME, …]}
 * {rename: [OLD, NEW]}
 * {subst: PATTERN, replacement: TEMPLATE, value: NAME, type: pcre|string, flags: [global, ignore-case]}
 * {set-tag: TAG}, {clear-tag: TAG}
 * </pre>
 * and each may have {@code if: FILTER}; an {@code if:} on the step guards all its rules.
 */
public final class RewriteStepFactory implements DriverFactory<Parser> {
    private static final Set<String> OPERATIONS = Set.of("set", "unset", "rename", "subst", "set-tag", "clear-tag");

    @Override public String type() { return "rewrite"; }
    @Override public DriverRole role() { return DriverRole.PARSER; }

    @Override
    public Parser create(DriverSpec spec, DriverContext context) {
        List<RewriteRule> rules = new ArrayList<>();
        ConfigNode list = spec.node("rules");
        if (list != null) {
            List<ConfigNode> items = list.asList();
            if (items == null) spec.error("rules", "expected a list of rules such as {set: '…', value: NAME}");
            else for (int i = 0; i < items.size(); i++) {
                Map<String, ConfigNode> rule = items.get(i).asMap();
                String where = "rules[" + i + "]";
                if (rule == null) spec.error("rules", where + ": expected a rule such as {set: '…', value: NAME}");
                else add(rules, rule(new RuleSpec(spec, where, rule), context));
            }
        } else {
            Map<String, ConfigNode> inline = new java.util.LinkedHashMap<>(spec.options());
            inline.remove("type");
            inline.remove("if");
            for (String k : inline.keySet()) spec.node(k); // read here, checked below
            add(rules, rule(new RuleSpec(spec, null, inline), context));
        }
        Filter guard = condition(spec.node("if"), spec, "if", context);
        if (rules.isEmpty() && spec.errors().isEmpty()) spec.error("rules", "a rewrite step needs at least one rule");
        RewriteStep step = new RewriteStep(rules);
        if (guard == null) return step;
        return m -> !guard.matches(m) || step.process(m);
    }

    private static void add(List<RewriteRule> rules, RewriteRule r) { if (r != null) rules.add(r); }

    /** One rule's options, with errors reported on the step at {@code where}. */
    private record RuleSpec(DriverSpec step, String where, Map<String, ConfigNode> options) {
        void error(String key, String message) {
            step.error(where == null ? key : "rules", (where == null ? "" : where + "." + key + ": ") + message);
        }

        String string(String key, String dflt) {
            ConfigNode n = options.get(key);
            if (n == null) return dflt;
            if (!n.isScalar()) { error(key, "expected a single value"); return dflt; }
            return n.asString();
        }

        List<String> strings(String key) {
            ConfigNode n = options.get(key);
            if (n == null) return List.of();
            if (n.isScalar()) return List.of(n.asString());
            List<ConfigNode> l = n.asList();
            if (l == null) { error(key, "expected a value or a list"); return List.of(); }
            return l.stream().map(ConfigNode::asString).toList();
        }
    }

    private static RewriteRule rule(RuleSpec r, DriverContext context) {
        Set<String> ops = new LinkedHashSet<>(r.options().keySet());
        ops.retainAll(OPERATIONS);
        if (ops.size() != 1) {
            r.error(ops.isEmpty() ? "rules" : String.join(",", ops), ops.isEmpty()
                    ? "a rule needs one of " + new java.util.TreeSet<>(OPERATIONS) : "a rule has one operation, found " + ops);
            return null;
        }
        String op = ops.iterator().next();
        Set<String> allowed = switch (op) {
            case "set" -> Set.of("set", "value", "if");
            case "subst" -> Set.of("subst", "replacement", "value", "type", "flags", "if");
            default -> Set.of(op, "if");
        };
        for (String k : r.options().keySet()) if (!allowed.contains(k)) r.error(k, "unknown key for a " + op + " rule (known: " + new java.util.TreeSet<>(allowed) + ")");
        RewriteRule rule = switch (op) {
            case "set" -> {
                String name = settable(r, r.string("value", "MESSAGE"));
                Template t = template(r, "set", r.string("set", ""), context);
                yield name == null || t == null ? null : new RewriteRule.Set(name, t);
            }
            case "unset" -> new RewriteRule.Unset(r.strings("unset"));
            case "rename" -> {
                List<String> names = r.strings("rename");
                if (names.size() != 2) { r.error("rename", "expected [OLD, NEW]"); yield null; }
                yield settable(r, names.get(1)) == null ? null : new RewriteRule.Rename(names.get(0), names.get(1));
            }
            case "subst" -> subst(r, context);
            case "set-tag" -> new RewriteRule.SetTag(r.string("set-tag", ""));
            default -> new RewriteRule.ClearTag(r.string("clear-tag", ""));
        };
        Filter condition = condition(r.options().get("if"), r.step(), r.where() == null ? "if" : "rules", context);
        return rule == null || condition == null ? rule : new RewriteRule.Conditional(condition, rule);
    }

    private static RewriteRule subst(RuleSpec r, DriverContext context) {
        String name = settable(r, r.string("value", "MESSAGE"));
        boolean global = false, ignoreCase = false;
        for (String f : r.strings("flags")) {
            switch (f.trim()) {
                case "global" -> global = true;
                case "ignore-case" -> ignoreCase = true;
                case "utf8" -> { }
                default -> r.error("flags", "unknown flag '" + f + "' (global, ignore-case)");
            }
        }
        String pattern = r.string("subst", "");
        String type = r.string("type", "pcre");
        Pcre compiled = null;
        try {
            compiled = switch (type) {
                case "pcre" -> Pcre.compile(pattern, ignoreCase);
                case "string" -> Pcre.compile(Pattern.quote(pattern), ignoreCase);
                default -> { r.error("type", "expected pcre or string, got '" + type + "'"); yield null; }
            };
        } catch (FilterException e) {
            r.error("subst", e.getMessage());
        }
        if (r.options().get("replacement") == null) r.error("replacement", "a subst rule needs replacement: TEMPLATE");
        Template replacement = template(r, "replacement", r.string("replacement", ""), context);
        return name == null || compiled == null || replacement == null ? null : new RewriteRule.Subst(name, compiled, replacement, global);
    }

    /** A name a rule may write: a header field or a pair, not a computed macro. */
    private static String settable(RuleSpec r, String name) {
        if (name == null || name.isEmpty()) { r.error("value", "needs a name"); return null; }
        if (!Fields.isHeader(name) && Macros.isMacro(name)) { r.error("value", "'" + name + "' is a macro, computed from the message; it cannot be set"); return null; }
        return name;
    }

    private static Template template(RuleSpec r, String key, String text, DriverContext context) {
        try {
            return context.templates().compile(text);
        } catch (TemplateException e) {
            r.error(key, e.getMessage());
            return null;
        }
    }

    private static Filter condition(ConfigNode node, DriverSpec spec, String key, DriverContext context) {
        if (node == null) return null;
        try {
            return context.filters().compile(node.asString());
        } catch (FilterException e) {
            spec.error(key, e.getMessage());
            return null;
        }
    }
}
