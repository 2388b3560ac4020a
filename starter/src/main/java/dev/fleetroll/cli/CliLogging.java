package dev.fleetroll.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The CLI's logging: it talks to people, so only warnings and errors, on stderr ({@code --debug} lowers the
 * root level). Set up in code because logback's XML configuration costs a third of a second at every start
 * (an XML parser and some 500 classes). Logback finds it through META-INF/services; an XML configuration
 * named by {@code -Dlogback.configurationFile} (the worker's) or a {@code logback-test.xml} (tests) wins.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || CliLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LazyStderr stderr = new LazyStderr();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    context.getLogger("io.grpc").setLevel(Level.ERROR);
    context.getLogger("io.temporal").setLevel(Level.ERROR);
    // sshj reports refused host keys and dropped connections itself at ERROR; our messages say it once, per host.
    context.getLogger("net.schmizz").setLevel(Level.OFF);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * stderr, set up at the first event: a command that logs nothing (most) never parses the pattern (logback
   * links some 70 converter lambdas for it, which the start-up cache does not keep).
   */
  static final class LazyStderr extends AppenderBase<ILoggingEvent> {

    private ConsoleAppender<ILoggingEvent> console;

    @Override
    protected void append(ILoggingEvent event) { // AppenderBase calls it under its lock
      if (console == null) {
        console = console(getContext());
      }
      console.doAppend(event);
    }

    private static ConsoleAppender<ILoggingEvent> console(Context context) {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
      encoder.start();
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setContext(context);
      console.setName("STDERR");
      console.setTarget("System.err");
      console.setEncoder(encoder);
      console.start();
      return console;
    }
  }
}
