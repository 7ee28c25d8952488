package br.com.etlvendas.extract.generator;

import java.util.List;
import java.util.Random;

/** Stores of a fictional retail chain in real Brazilian capitals and large cities, one or more per state. */
final class StoreNetwork {

    record StoreSite(String storeId, String name, String city, String state) {
    }

    private static final List<StoreSite> STORES = List.of(
            s("SP-001", "São Paulo", "SP"), s("SP-002", "Campinas", "SP"), s("SP-003", "Santos", "SP"),
            s("RJ-001", "Rio de Janeiro", "RJ"), s("RJ-002", "Niterói", "RJ"), s("MG-001", "Belo Horizonte", "MG"),
            s("MG-002", "Uberlândia", "MG"), s("RS-001", "Porto Alegre", "RS"), s("PR-001", "Curitiba", "PR"),
            s("PR-002", "Londrina", "PR"), s("SC-001", "Florianópolis", "SC"), s("BA-001", "Salvador", "BA"),
            s("PE-001", "Recife", "PE"), s("CE-001", "Fortaleza", "CE"), s("DF-001", "Brasília", "DF"),
            s("GO-001", "Goiânia", "GO"), s("AM-001", "Manaus", "AM"), s("PA-001", "Belém", "PA"),
            s("ES-001", "Vitória", "ES"), s("RN-001", "Natal", "RN"), s("PB-001", "João Pessoa", "PB"),
            s("AL-001", "Maceió", "AL"), s("SE-001", "Aracaju", "SE"), s("MA-001", "São Luís", "MA"),
            s("PI-001", "Teresina", "PI"), s("MS-001", "Campo Grande", "MS"), s("MT-001", "Cuiabá", "MT"),
            s("RO-001", "Porto Velho", "RO"), s("TO-001", "Palmas", "TO"), s("AC-001", "Rio Branco", "AC"),
            s("AP-001", "Macapá", "AP"), s("RR-001", "Boa Vista", "RR"),
            new StoreSite("WEB-001", "Loja Virtual", "São Paulo", "SP"));

    private StoreNetwork() {
    }

    static StoreSite pick(Random random) {
        return STORES.get(random.nextInt(STORES.size()));
    }

    private static StoreSite s(String id, String city, String state) {
        return new StoreSite(id, "Loja " + city, city, state);
    }
}
