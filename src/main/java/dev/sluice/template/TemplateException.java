package dev.sluice.template;

/** A template that does not compile: unbalanced braces, an unknown function, bad arguments. */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) { super(message); }
}
