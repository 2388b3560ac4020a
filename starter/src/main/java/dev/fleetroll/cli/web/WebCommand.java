package dev.fleetroll.cli.web;

import dev.fleetroll.cli.server.TemporalConnection;
import dev.fleetroll.cli.server.TemporalOptions;
import dev.fleetroll.home.FleetrollHome;
import dev.fleetroll.server.TemporalEndpoint;
import dev.fleetroll.web.TemporalRollouts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "web", mixinStandardHelpOptions = true,
    description = {"Serve the read-only web view and its JSON API (/api/v1) from this machine: the fleet from the local",
        "store, the rollouts from Temporal (see --address). The worker serves the same view on its HTTP port.",
        "Ctrl-C stops it."})
public final class WebCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8765", paramLabel = "P", description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String bind;

  @Mixin TemporalOptions temporal;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    FleetrollHome home = FleetrollHome.fromEnvironment();
    TemporalEndpoint endpoint = temporal.endpoint();
    // Connects lazily: the fleet pages work while Temporal is away, the rollout pages say it is.
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(endpoint.address()).build());
    WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(endpoint.namespace()).setIdentity(TemporalConnection.identity()).build());
    ApplicationContext context = Micronaut.build(new String[0])
        .banner(false)
        .deduceEnvironment(false)
        .properties(Map.of("micronaut.server.port", port, "micronaut.server.host", bind))
        .singletons(home, new TemporalRollouts(client, endpoint.address(), endpoint.webUi().orElse(null)))
        .start();
    // Micronaut's own shutdown hook stops the server and the context on SIGTERM or Ctrl-C (a second
    // hook closing the context too deadlocks with it); this one only closes the Temporal connection.
    Runtime.getRuntime().addShutdownHook(new Thread(stubs::shutdown));
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    var out = spec.commandLine().getOut();
    out.println("Fleetroll web view: http://" + server.getHost() + ":" + server.getPort() + "/");
    out.println("  hosts from the store in " + home.store() + "; rollouts from Temporal at " + endpoint.address()
        + "; API: /api/v1/ (Ctrl-C stops it)");
    out.flush();
    new CountDownLatch(1).await(); // until the JVM stops
    return 0;
  }
}
