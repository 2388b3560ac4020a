package dev.fleetroll.server;

import dev.fleetroll.InputException;
import dev.fleetroll.temporal.SearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Registers every search attribute Fleetroll upserts ({@link SearchAttributes#ALL}) on an existing namespace
 * of any Temporal server: what {@code fleetroll namespace setup}, {@code fleetroll server start} (the dev
 * server), deploy/cluster and docker-compose.yml run. Idempotent: an attribute registered with our type stays;
 * one registered with another type is an error, since workflows could not upsert it.
 */
public final class NamespaceSetup {

  /** How long a server may take before its frontend accepts queries on attributes just added (seconds). */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param added the attributes this run registered
   * @param present the attributes that were registered already
   */
  public record Result(String namespace, List<SearchAttributeKey<?>> added, List<SearchAttributeKey<?>> present) {}

  private NamespaceSetup() {}

  /**
   * Adds what is missing and returns once the server accepts a query naming every attribute.
   *
   * @throws InputException when the namespace does not exist
   * @throws IllegalStateException when an attribute is registered with another type
   */
  public static Result run(WorkflowServiceStubs stubs, String namespace) {
    // On the connection the caller made (no second TLS handshake); it stays the caller's to close.
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder(stubs.getOptions()).setChannel(stubs.getRawChannel()).build());
    try {
      Map<String, IndexedValueType> registered = registered(operator, namespace, stubs.getOptions().getTarget());
      List<SearchAttributeKey<?>> added = new ArrayList<>();
      List<SearchAttributeKey<?>> present = new ArrayList<>();
      for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
        IndexedValueType type = registered.get(key.getName());
        if (type == null) {
          added.add(key);
        } else if (type == key.getValueType()) {
          present.add(key);
        } else {
          throw new IllegalStateException("search attribute " + key.getName() + " of namespace '" + namespace
              + "' is registered as " + SearchAttributes.typeName(type) + "; Fleetroll needs " + SearchAttributes.typeName(key.getValueType())
              + " (remove it with 'temporal operator search-attribute remove', or use another namespace)");
        }
      }
      if (!added.isEmpty()) {
        operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
            .setNamespace(namespace)
            .putAllSearchAttributes(added.stream().collect(
                Collectors.toMap(SearchAttributeKey::getName, SearchAttributeKey::getValueType)))
            .build());
      }
      awaitQueryable(stubs, namespace);
      return new Result(namespace, List.copyOf(added), List.copyOf(present));
    } finally {
      operator.shutdown();
    }
  }

  private static Map<String, IndexedValueType> registered(OperatorServiceStubs operator, String namespace,
      String address) {
    try {
      return new LinkedHashMap<>(operator.blockingStub().listSearchAttributes(
          ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build()).getCustomAttributesMap());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new InputException("namespace '" + namespace + "' does not exist at " + address + "; create it first (temporal operator namespace create --namespace " + namespace + ")");
      }
      throw e;
    }
  }

  /**
   * A server takes a moment (its namespace cache refresh) before every service knows attributes just added;
   * the frontend rejects a query naming an unknown one, so that query tells when they are usable.
   */
  private static void awaitQueryable(WorkflowServiceStubs stubs, String namespace) {
    String query = SearchAttributes.ALL.stream()
        .map(key -> key.getName() + (key.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_INT ? " = 0" : " = ''"))
        .collect(Collectors.joining(" AND "));
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        stubs.blockingStub().countWorkflowExecutions(CountWorkflowExecutionsRequest.newBuilder()
            .setNamespace(namespace).setQuery(query).build());
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT || System.nanoTime() > deadline) {
          throw new IllegalStateException("the search attributes of namespace '" + namespace
              + "' are registered but the server does not accept them yet: " + e.getStatus().getDescription());
        }
      }
      DevServer.sleep(Duration.ofMillis(250));
    }
  }
}
