import dev.fleetroll.store.Store;
import dev.fleetroll.store.SyntheticInventory;
import java.nio.file.Path;
import java.time.Duration;

/** bench/web's store: FillStore STORE_DIR HOSTS GATHERS — synthetic observations, 10 minutes apart, ending now. */
public class FillStore {
  public static void main(String[] args) {
    try (Store store = Store.open(Path.of(args[0]))) {
      SyntheticInventory.fill(store, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Duration.ofMinutes(10), 1);
    }
  }
}
