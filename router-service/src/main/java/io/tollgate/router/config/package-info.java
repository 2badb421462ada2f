/** Typed configuration and the validated model catalogue; a bad catalogue stops start-up with a message saying how to fix it. */
package io.tollgate.router.config;
