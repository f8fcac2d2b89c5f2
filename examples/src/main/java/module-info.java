/** A key-value server on torsion: a protocol, its factory, a main, and an app for the launcher. */
module com.example.kv {
    requires io.torsion.api;

    exports com.example.kv;

    provides io.torsion.api.App with com.example.kv.KvApp;
}
