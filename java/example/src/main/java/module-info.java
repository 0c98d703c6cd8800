/** lwp4j's consumer example: a user's module that reads only lwp4j's API (the backend is found at run time). */
module com.example.lwp4j {
    requires io.lwp4j.core;
}
