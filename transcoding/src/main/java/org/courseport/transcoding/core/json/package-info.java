/** The JSON form of protobuf messages on REST, in each dialect's field naming. A leaf package. */
package org.courseport.transcoding.core.json;
