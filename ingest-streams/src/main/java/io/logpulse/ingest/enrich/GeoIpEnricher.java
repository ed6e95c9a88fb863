package io.logpulse.ingest.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.maxmind.db.CHMCache;
import com.maxmind.db.ClosedDatabaseException;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.model.IspResponse;
import com.maxmind.geoip2.record.Country;
import io.logpulse.ingest.parse.IpAddresses;
import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills {@code client_geo_country_iso_code}, {@code client_geo_country_name}, {@code
 * client_geo_city_name}, {@code client_as_number} and {@code client_as_organization_name} from
 * MaxMind DB ({@code .mmdb}) files, read with MaxMind's GeoIP2-java ({@code
 * com.maxmind.geoip2:geoip2} 5.x; format: https://maxmind.github.io/MaxMind-DB/).
 *
 * <p><b>Databases.</b> Two optional files, each chosen by path:
 *
 * <ul>
 *   <li>a location database, used according to its metadata {@code database_type}: a type
 *       containing {@code City} (GeoIP2/GeoLite2 City) is read with {@code city()} and gives
 *       country and city; {@code Enterprise} with {@code enterprise()}, likewise; any other type
 *       containing {@code Country} (GeoIP2/GeoLite2 Country, DB-IP's {@code DBIP-Country-Lite}) with
 *       {@code country()}, which gives no city. The country is the record's {@code country} (where
 *       the address is used), not its {@code registered_country}; names are the English ({@code
 *       en}) ones.
 *   <li>an autonomous-system database: type containing {@code ASN} (GeoLite2 ASN) read with {@code
 *       asn()}, or {@code ISP} (GeoIP2 ISP) read with {@code isp()}.
 * </ul>
 *
 * <p>A null path, or a path whose file does not exist, turns that database's fields off (they stay
 * null); one log line at construction names the file. A file that exists but is not a readable
 * MaxMind DB of a fitting type fails construction with {@link IllegalArgumentException}, so a bad
 * deployment fails at start-up.
 *
 * <p><b>Look-up.</b> The address is {@code client_ip}, else {@code source_ip}; text that is not an
 * IP literal is ignored (no DNS look-up ever happens). When an enabled database has no entry for
 * the address, its fields are set to null. Files are read into heap ({@link Reader.FileMode#MEMORY},
 * so a file overwritten in place cannot corrupt a running reader) with a {@link CHMCache} of decoded
 * records of {@value #CACHE_ENTRIES} entries per database. A failing look-up (a database corrupt
 * inside) leaves the fields null, is counted by {@link #lookupFailures()} and logged once per
 * database file.
 *
 * <p><b>Per-address cache.</b> In front of the readers, a bounded Caffeine cache maps the address
 * text ({@code client_ip} or {@code source_ip} as written in the event) to the five field values
 * found for it, at most {@value #ADDRESS_CACHE_ENTRIES} addresses (Caffeine's size-based eviction,
 * W-TinyLFU; about 200 bytes per entry, so at most a few MB). A hit costs one hash look-up and
 * the field copies; a miss costs what an uncached look-up costs: parsing the literal, a walk of
 * each database's search tree, and building GeoIP2's response objects (the {@link CHMCache} saves
 * only the decoding of the data record), about 1-2 microseconds per database. Each entry remembers
 * the readers it was read from and is used only while both are still the current ones, so a
 * reload never serves an answer from the replaced file; look-ups that failed are not cached.
 *
 * <p><b>Reload.</b> {@link #reloadIfChanged()} compares each file's modification time and size with
 * the loaded one; on a change it opens the new file, swaps it in atomically and closes the old
 * reader. A look-up that meets the closed reader retries once on the new one, so none fails across
 * a swap. A new file that cannot be read is logged as a warning and the old reader stays (it is not
 * retried until the file changes again); a file that was missing at start and appears later is
 * loaded. With {@code reloadIntervalMs > 0}, a daemon thread calls {@link #reloadIfChanged()}
 * every {@code reloadIntervalMs} milliseconds until {@link #close()}.
 *
 * <p>Thread-safe. Attribution: DB-IP Lite databases are CC BY 4.0, "IP Geolocation by DB-IP",
 * https://db-ip.com.
 */
public final class GeoIpEnricher implements EventEnricher {

  /** Decoded-record cache entries per database reader ({@link CHMCache} capacity). */
  public static final int CACHE_ENTRIES = 4096;

  /** Most addresses whose field values are kept by the per-address cache. */
  public static final int ADDRESS_CACHE_ENTRIES = 16_384;

  private static final Logger LOG = LoggerFactory.getLogger(GeoIpEnricher.class);

  private enum Kind {
    CITY,
    ENTERPRISE,
    COUNTRY,
    ASN,
    ISP
  }

  /**
   * The field values found for one address, and the readers they were read from (null where a
   * database is off); complete is false when a look-up failed, and then the values are not cached.
   */
  private static final class Found {
    final Loaded location;
    final Loaded autonomousSystem;
    String countryIsoCode;
    String countryName;
    String cityName;
    Long asNumber;
    String asOrganization;
    boolean complete = true;

    Found(Loaded location, Loaded autonomousSystem) {
      this.location = location;
      this.autonomousSystem = autonomousSystem;
    }
  }

  /** An open reader and the file state it was read from. */
  private record Loaded(DatabaseReader reader, Kind kind, long modifiedMillis, long sizeBytes) {}

  /** One configured database file: location or autonomous system. */
  private static final class Slot {
    final String role;
    final Path path;
    final AtomicReference<Loaded> current = new AtomicReference<>();
    long rejectedModifiedMillis = -1; // state of a file that failed to load on reload
    long rejectedSizeBytes = -1;
    volatile boolean failureLogged;

    Slot(String role, Path path) {
      this.role = role;
      this.path = path;
    }
  }

  private final Slot location;
  private final Slot autonomousSystem;
  private final ScheduledExecutorService poller;
  private final AtomicLong lookupFailures = new AtomicLong();
  private final Cache<String, Found> foundByAddress =
      Caffeine.newBuilder().maximumSize(ADDRESS_CACHE_ENTRIES).build();
  private boolean closed; // guarded by this

  /**
   * Opens the databases.
   *
   * @param locationDatabase a City, Enterprise or Country database (MaxMind GeoIP2/GeoLite2 or
   *     DB-IP); null or a missing file turns the {@code client_geo_*} fields off
   * @param autonomousSystemDatabase an ASN or ISP database; null or a missing file turns the {@code
   *     client_as_*} fields off
   * @param reloadIntervalMs how often a background thread checks the files for changes, in
   *     milliseconds; 0 for no background thread
   * @throws IllegalArgumentException when an existing file is not a readable MaxMind DB or not of a
   *     fitting database type (the message names the path), or when {@code reloadIntervalMs} is
   *     negative
   */
  public GeoIpEnricher(Path locationDatabase, Path autonomousSystemDatabase, long reloadIntervalMs) {
    if (reloadIntervalMs < 0) {
      throw new IllegalArgumentException("reloadIntervalMs must be >= 0: " + reloadIntervalMs);
    }
    location = open("location", locationDatabase, "client_geo_*");
    Slot asn;
    try {
      asn = open("autonomous-system", autonomousSystemDatabase, "client_as_*");
    } catch (IllegalArgumentException e) {
      closeReader(location.current.get());
      throw e;
    }
    autonomousSystem = asn;
    if (reloadIntervalMs > 0) {
      poller =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "geoip-database-reload");
                thread.setDaemon(true);
                return thread;
              });
      poller.scheduleWithFixedDelay(
          this::pollOnce, reloadIntervalMs, reloadIntervalMs, TimeUnit.MILLISECONDS);
    } else {
      poller = null;
    }
  }

  @Override
  public void enrich(AccessEvent event) {
    Loaded currentLocation = location.current.get();
    Loaded currentAutonomousSystem = autonomousSystem.current.get();
    if (currentLocation == null && currentAutonomousSystem == null) {
      return;
    }
    String ip = event.getClientIp() != null ? event.getClientIp() : event.getSourceIp();
    Found found = ip == null ? null : foundByAddress.getIfPresent(ip);
    if (found == null
        || found.location != currentLocation
        || found.autonomousSystem != currentAutonomousSystem) {
      found = new Found(currentLocation, currentAutonomousSystem);
      InetAddress address = ip == null ? null : literalOrNull(ip);
      if (currentLocation != null) {
        lookUpLocation(address, found);
      }
      if (currentAutonomousSystem != null) {
        lookUpAutonomousSystem(address, found);
      }
      if (ip != null && found.complete) {
        foundByAddress.put(ip, found);
      }
    }
    if (currentLocation != null) {
      event.setClientGeoCountryIsoCode(found.countryIsoCode);
      event.setClientGeoCountryName(found.countryName);
      event.setClientGeoCityName(found.cityName);
    }
    if (currentAutonomousSystem != null) {
      event.setClientAsNumber(found.asNumber);
      event.setClientAsOrganizationName(found.asOrganization);
    }
  }

  /**
   * Reloads each database whose file's modification time or size changed since it was loaded.
   *
   * @return true when at least one reader was replaced; false after {@link #close()}
   */
  public synchronized boolean reloadIfChanged() {
    if (closed) {
      return false;
    }
    boolean locationChanged = reload(location);
    boolean autonomousSystemChanged = reload(autonomousSystem);
    return locationChanged || autonomousSystemChanged;
  }

  /** How many look-ups failed because a database could not be read, since construction. */
  public long lookupFailures() {
    return lookupFailures.get();
  }

  /** Stops the background reload thread, if any, and closes the readers. */
  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
    synchronized (this) {
      closed = true;
      closeReader(location.current.getAndSet(null));
      closeReader(autonomousSystem.current.getAndSet(null));
    }
  }

  private void lookUpLocation(InetAddress address, Found found) {
    Country country = null;
    String city = null;
    boolean complete = false;
    for (int attempt = 0; attempt < 2; attempt++) {
      Loaded loaded = location.current.get();
      if (loaded == null || address == null) {
        complete = true;
        break;
      }
      try {
        switch (loaded.kind()) {
          case CITY -> {
            CityResponse response = loaded.reader().tryCity(address).orElse(null);
            country = response == null ? null : response.country();
            city = response == null ? null : english(response.city().names());
          }
          case ENTERPRISE -> {
            var response = loaded.reader().tryEnterprise(address).orElse(null);
            country = response == null ? null : response.country();
            city = response == null ? null : english(response.city().names());
          }
          default -> {
            CountryResponse response = loaded.reader().tryCountry(address).orElse(null);
            country = response == null ? null : response.country();
          }
        }
        complete = true;
        break;
      } catch (ClosedDatabaseException e) {
        continue; // swapped by a reload during this look-up: retry on the new reader
      } catch (IOException | GeoIp2Exception | RuntimeException e) {
        lookupFailed(location, address, e);
        break;
      }
    }
    found.countryIsoCode = country == null ? null : country.isoCode();
    found.countryName = country == null ? null : english(country.names());
    found.cityName = city;
    found.complete &= complete;
  }

  private void lookUpAutonomousSystem(InetAddress address, Found found) {
    Long number = null;
    String organization = null;
    boolean complete = false;
    for (int attempt = 0; attempt < 2; attempt++) {
      Loaded loaded = autonomousSystem.current.get();
      if (loaded == null || address == null) {
        complete = true;
        break;
      }
      try {
        if (loaded.kind() == Kind.ASN) {
          AsnResponse response = loaded.reader().tryAsn(address).orElse(null);
          number = response == null ? null : response.autonomousSystemNumber();
          organization = response == null ? null : response.autonomousSystemOrganization();
        } else {
          IspResponse response = loaded.reader().tryIsp(address).orElse(null);
          number = response == null ? null : response.autonomousSystemNumber();
          organization = response == null ? null : response.autonomousSystemOrganization();
        }
        complete = true;
        break;
      } catch (ClosedDatabaseException e) {
        continue; // swapped by a reload during this look-up: retry on the new reader
      } catch (IOException | GeoIp2Exception | RuntimeException e) {
        lookupFailed(autonomousSystem, address, e);
        break;
      }
    }
    found.asNumber = number;
    found.asOrganization = organization;
    found.complete &= complete;
  }

  /**
   * Counts a failed look-up and logs the first one per database. RuntimeException is included
   * because the reader reports some corrupt data as unchecked exceptions; enrich must not throw.
   */
  private void lookupFailed(Slot slot, InetAddress address, Exception e) {
    lookupFailures.incrementAndGet();
    if (!slot.failureLogged) {
      slot.failureLogged = true;
      LOG.warn(
          "GeoIP {} database {}: look-up of {} failed, fields left null (logged once per file): {}",
          slot.role,
          slot.path,
          address.getHostAddress(),
          e.toString());
    }
  }

  private static Slot open(String role, Path path, String fields) {
    Slot slot = new Slot(role, path);
    if (path == null) {
      LOG.info("GeoIP {} database not configured: {} fields will be null", role, fields);
      return slot;
    }
    if (!Files.isRegularFile(path)) {
      LOG.warn(
          "GeoIP {} database file {} does not exist: {} fields will be null until it appears"
              + " and is reloaded",
          role,
          path,
          fields);
      return slot;
    }
    try {
      Loaded loaded = load(role, path);
      slot.current.set(loaded);
      LOG.info(
          "GeoIP {} database {} loaded: type {}, built {}",
          role,
          path,
          loaded.reader().metadata().databaseType(),
          loaded.reader().metadata().buildTime());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "GeoIP " + role + " database " + path + " cannot be read: " + e.getMessage(), e);
    }
    return slot;
  }

  /** Opens a file and checks its type against the role; IOException for any failure. */
  private static Loaded load(String role, Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    DatabaseReader reader;
    try {
      reader =
          new DatabaseReader.Builder(path.toFile())
              .fileMode(Reader.FileMode.MEMORY)
              .withCache(new CHMCache(CACHE_ENTRIES))
              .build();
    } catch (RuntimeException e) { // the reader reports some malformed metadata unchecked
      throw new IOException("not a MaxMind DB file: " + e, e);
    }
    String type = reader.metadata().databaseType();
    Kind kind = kindOf(role, type);
    if (kind == null) {
      reader.close();
      throw new IOException(
          "database type '" + type + "' does not fit the " + role + " role"
              + (role.equals("location") ? " (City, Enterprise or Country)" : " (ASN or ISP)"));
    }
    return new Loaded(reader, kind, attributes.lastModifiedTime().toMillis(), attributes.size());
  }

  private static Kind kindOf(String role, String type) {
    if (type == null) {
      return null;
    }
    if (role.equals("location")) {
      if (type.contains("City")) {
        return Kind.CITY;
      }
      if (type.contains("Enterprise")) {
        return Kind.ENTERPRISE;
      }
      return type.contains("Country") ? Kind.COUNTRY : null;
    }
    if (type.contains("ASN")) {
      return Kind.ASN;
    }
    return type.contains("ISP") ? Kind.ISP : null;
  }

  private static boolean reload(Slot slot) {
    if (slot.path == null || !Files.isRegularFile(slot.path)) {
      return false; // a file removed after loading: keep serving the loaded one
    }
    long modified;
    long size;
    try {
      BasicFileAttributes attributes = Files.readAttributes(slot.path, BasicFileAttributes.class);
      modified = attributes.lastModifiedTime().toMillis();
      size = attributes.size();
    } catch (IOException e) {
      LOG.warn("GeoIP {} database {}: cannot check for changes: {}", slot.role, slot.path, e.toString());
      return false;
    }
    Loaded old = slot.current.get();
    boolean unchanged = old != null && old.modifiedMillis() == modified && old.sizeBytes() == size;
    boolean knownBad = slot.rejectedModifiedMillis == modified && slot.rejectedSizeBytes == size;
    if (unchanged || knownBad) {
      return false;
    }
    Loaded fresh;
    try {
      fresh = load(slot.role, slot.path);
    } catch (IOException e) {
      slot.rejectedModifiedMillis = modified;
      slot.rejectedSizeBytes = size;
      LOG.warn(
          "GeoIP {} database {} changed but cannot be read, keeping the {}: {}",
          slot.role,
          slot.path,
          old == null ? "fields null" : "previously loaded database",
          e.getMessage());
      return false;
    }
    slot.current.set(fresh);
    slot.failureLogged = false;
    closeReader(old);
    LOG.info(
        "GeoIP {} database {} reloaded: type {}, built {}",
        slot.role,
        slot.path,
        fresh.reader().metadata().databaseType(),
        fresh.reader().metadata().buildTime());
    return true;
  }

  /** Runs on the background thread; a failure is logged so that later polls still run. */
  private void pollOnce() {
    try {
      reloadIfChanged();
    } catch (RuntimeException e) {
      LOG.warn("GeoIP database reload check failed; will retry at the next interval", e);
    }
  }

  private static void closeReader(Loaded loaded) {
    if (loaded == null) {
      return;
    }
    try {
      loaded.reader().close();
    } catch (IOException e) {
      LOG.warn("Closing a GeoIP database reader failed: {}", e.toString());
    }
  }

  private static String english(Map<String, String> names) {
    return names == null ? null : names.get("en");
  }

  /** The address of an IP literal, or null; never a DNS look-up. */
  private static InetAddress literalOrNull(String text) {
    byte[] address = IpAddresses.toBytes(text);
    if (address == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      return null; // cannot happen: 4 or 16 bytes
    }
  }
}
