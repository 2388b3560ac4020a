package dev.fleetroll.temporal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Addresses of pages in the Temporal Web UI. */
public final class WebUiLinks {

  private WebUiLinks() {}

  /** The page of a workflow, given the Web UI's base URL (no trailing slash). */
  public static String workflow(String webUi, String namespace, String workflowId) {
    return webUi + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
