/// Tessera's version, declared once: INFO's `version` and `tessera --version` read it.
public enum TesseraVersion {
    public static let current = "0.14.0"
}
