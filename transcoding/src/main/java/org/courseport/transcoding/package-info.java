/** The Armeria HTTP front of Courseport: transcoded REST routes and hand-written binary routes. */
package org.courseport.transcoding;
