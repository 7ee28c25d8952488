package br.com.etlvendas.extract.generator;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/** A fixed catalogue of products in Brazilian retail categories, with prices in BRL. */
final class ProductCatalog {

    record Product(String sku, String name, String category, BigDecimal price) {
    }

    private static final List<Product> PRODUCTS = List.of(
            p("ELE-0001", "Smartphone Galaxy A15 128GB", "Eletrônicos", "1299.00"),
            p("ELE-0002", "Smart TV 50\" 4K", "Eletrônicos", "2399.90"),
            p("ELE-0003", "Fone de Ouvido Bluetooth", "Eletrônicos", "189.90"),
            p("ELE-0004", "Caixa de Som Portátil", "Eletrônicos", "349.00"),
            p("INF-0001", "Notebook 15,6\" Core i5 16GB", "Informática", "3899.00"),
            p("INF-0002", "Mouse sem Fio", "Informática", "79.90"),
            p("INF-0003", "Teclado Mecânico ABNT2", "Informática", "299.90"),
            p("INF-0004", "SSD 1TB NVMe", "Informática", "459.99"),
            p("CAS-0001", "Air Fryer 4L", "Casa e Cozinha", "429.90"),
            p("CAS-0002", "Jogo de Panelas Antiaderente 5 peças", "Casa e Cozinha", "319.00"),
            p("CAS-0003", "Cafeteira Elétrica 30 xícaras", "Casa e Cozinha", "159.90"),
            p("CAS-0004", "Liquidificador 1200W", "Casa e Cozinha", "199.99"),
            p("MOD-0001", "Camiseta Algodão Básica", "Moda", "49.90"),
            p("MOD-0002", "Calça Jeans Slim", "Moda", "159.90"),
            p("MOD-0003", "Tênis de Corrida", "Moda", "399.90"),
            p("MOD-0004", "Chinelo de Dedo", "Moda", "39.99"),
            p("ESP-0001", "Bola de Futebol Oficial", "Esportes", "149.90"),
            p("ESP-0002", "Bicicleta Aro 29", "Esportes", "1899.00"),
            p("ESP-0003", "Garrafa Térmica 1L", "Esportes", "89.90"),
            p("BEL-0001", "Protetor Solar FPS 50", "Beleza e Saúde", "69.90"),
            p("BEL-0002", "Perfume 100ml", "Beleza e Saúde", "289.00"),
            p("BEL-0003", "Shampoo 400ml", "Beleza e Saúde", "24.9"),
            p("BRI-0001", "Blocos de Montar 500 peças", "Brinquedos", "199.90"),
            p("BRI-0002", "Boneca Articulada", "Brinquedos", "129.90"),
            p("LIV-0001", "Livro Dom Casmurro", "Livros", "34.90"),
            p("LIV-0002", "Livro Grande Sertão: Veredas", "Livros", "79.90"),
            p("MER-0001", "Café Torrado e Moído 500g", "Mercado", "21.4900"),
            p("MER-0002", "Azeite Extra Virgem 500ml", "Mercado", "42.9900"),
            p("MER-0003", "Arroz Tipo 1 5kg", "Mercado", "27.90"),
            p("MER-0004", "Feijão Carioca 1kg", "Mercado", "8.99"));

    private ProductCatalog() {
    }

    static Product pick(Random random) {
        return PRODUCTS.get(random.nextInt(PRODUCTS.size()));
    }

    private static Product p(String sku, String name, String category, String price) {
        return new Product(sku, name, category, new BigDecimal(price));
    }
}
