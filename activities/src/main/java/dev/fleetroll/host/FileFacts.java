package dev.fleetroll.host;

/**
 * What the audit saw of one file on a host. All fields but {@code present} are null when the file is
 * absent or could not be read.
 *
 * @param mode permission bits in octal as {@code stat} prints them ("644")
 * @param mtimeEpoch modification time, seconds since the epoch
 * @param sha256 hex SHA-256 of the file's bytes
 */
public record FileFacts(boolean present, String mode, String owner, String group, Long size, Long mtimeEpoch, String sha256) {

  public static final FileFacts ABSENT = new FileFacts(false, null, null, null, null, null, null);
}
