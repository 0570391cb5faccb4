package dev.sluice.driver.stdout;

import dev.sluice.driver.Destination;
import dev.sluice.driver.file.Utf8Buffer;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;

/** Writes rendered messages to the process's standard output, in batches. */
final class StdoutDestination implements Destination {
    private final Template template;
    private final TemplateOptions options;
    private final StringBuilder line = new StringBuilder(512);
    private final Utf8Buffer pending = new Utf8Buffer(64 * 1024);
    private final FileChannel out = new FileOutputStream(FileDescriptor.out).getChannel();

    StdoutDestination(Template template, TemplateOptions options) {
        this.template = template;
        this.options = options;
    }

    @Override
    public Result send(LogMessage message) throws IOException {
        line.setLength(0);
        template.render(message, options, line);
        pending.append(line);
        if (pending.size() >= 256 * 1024) pending.writeTo(out);
        return Result.QUEUED;
    }

    @Override
    public Result flush() throws IOException {
        pending.writeTo(out);
        return Result.SUCCESS;
    }
}
