package io.coveton.shared.organizations;

import io.coveton.shared.id.IdPrefix;

/** Teams and departments: the same shape (a named group of members), kept in tables of their own. */
public enum UnitKind {
  TEAM("teams", "team_members", IdPrefix.TEAM, Permission.TEAMS_READ, Permission.TEAMS_MANAGE, "team"),
  DEPARTMENT("departments", "department_members", IdPrefix.DEPARTMENT, Permission.DEPARTMENTS_READ,
      Permission.DEPARTMENTS_MANAGE, "department");

  private final String table;
  private final String memberTable;
  private final IdPrefix prefix;
  private final Permission read;
  private final Permission manage;
  private final String noun;

  UnitKind(String table, String memberTable, IdPrefix prefix, Permission read, Permission manage, String noun) {
    this.table = table;
    this.memberTable = memberTable;
    this.prefix = prefix;
    this.read = read;
    this.manage = manage;
    this.noun = noun;
  }

  public String table() {
    return table;
  }

  public String memberTable() {
    return memberTable;
  }

  public IdPrefix prefix() {
    return prefix;
  }

  public Permission read() {
    return read;
  }

  public Permission manage() {
    return manage;
  }

  public String noun() {
    return noun;
  }
}
