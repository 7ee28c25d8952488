package br.com.etlvendas.cli;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleTest {

    @Test
    void shouldReadAnySubsetOfRolesWhateverTheCaseAndSpacing() {
        assertThat(Role.parse("transform,load")).isEqualTo(EnumSet.of(Role.TRANSFORM, Role.LOAD));
        assertThat(Role.parse(" Serve , EXTRACT")).isEqualTo(EnumSet.of(Role.SERVE, Role.EXTRACT));
        assertThat(Role.parse("extract,transform,load,serve")).isEqualTo(Role.ALL);
    }

    @Test
    void shouldNameEveryUnknownRoleAndTheValidOnes() {
        assertThatThrownBy(() -> Role.parse("transform,lod,,serv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown role 'lod', '', 'serv'")
                .hasMessageContaining("valid roles: extract, transform, load, serve");
    }

    @Test
    void shouldRefuseAnEmptyListNamingTheValidRoles() {
        assertThatThrownBy(() -> Role.parse(" "))
                .hasMessage("--roles is empty; name one or more of: extract, transform, load, serve");
    }

    @Test
    void shouldPrintRolesAsUsersTypeThem() {
        assertThat(Role.labels(EnumSet.of(Role.LOAD, Role.TRANSFORM))).isEqualTo("transform,load");
    }
}
